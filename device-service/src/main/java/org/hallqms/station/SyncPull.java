package org.hallqms.station;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.hallqms.store.Event;
import org.hallqms.store.EventHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code device-service.jar sync-pull}: the station side of sync. Pulls each hall's event log into
 * PostgreSQL, verifying every hash against its predecessor, and resumes from the stored cursor.
 */
public final class SyncPull {
    private static final Logger log = LoggerFactory.getLogger(SyncPull.class);
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int BROKEN = 3;
    private static final Pattern HALL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final String USAGE_TEXT = """
            usage: java -jar device-service.jar sync-pull --jdbc URL --hall NAME=URL --token NAME=@FILE [options]
              --jdbc URL          PostgreSQL, e.g. jdbc:postgresql://127.0.0.1:5432/station?user=qms
              --hall NAME=URL     a hall and its base URL (repeat for several halls)
              --token NAME=@FILE  the hall's station sync token, read from FILE (NAME=TOKEN also works,
                                  but shows in the process list); @FILE alone applies to every hall
              --trust FILE.pem    also trust this certificate (a hall serving HTTPS with its own certificate)
              --once              pull until every hall is caught up, then exit (default: keep polling)
              --interval SECONDS  time between polls when not --once (default 30)
              --limit N           events per page, 1..5000 (default 5000)
            exit status: 0 caught up, 1 a hall or the database could not be reached, 2 usage,
                         3 a hall's hash chain is broken (the message names the first bad seq)""";

    record Options(String jdbc, Map<String, URI> halls, Map<String, String> tokens, Path trust, boolean once,
                   int intervalSeconds, int limit) {
    }

    /** A hall's log is not what it was: the first seq that fails and why. */
    static final class ChainBroken extends Exception {
        final long seq;

        ChainBroken(long seq, String message) {
            super(message);
            this.seq = seq;
        }
    }

    private final Options options;
    private final CountDownLatch stop = new CountDownLatch(1);

    SyncPull(Options options) {
        this.options = options;
    }

    public static int main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE_TEXT);
            return OK;
        }
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("qms sync-pull: " + e.getMessage());
            System.err.println(USAGE_TEXT);
            return USAGE;
        }
        SyncPull pull = new SyncPull(o);
        Runtime.getRuntime().addShutdownHook(new Thread(pull.stop::countDown, "sync-pull-stop"));
        return pull.run();
    }

    static Options parse(String[] args) {
        String jdbc = null;
        Map<String, URI> halls = new LinkedHashMap<>();
        Map<String, String> tokens = new LinkedHashMap<>();
        String allToken = null;
        Path trust = null;
        boolean once = false;
        int interval = 30;
        int limit = HallClient.MAX_LIMIT;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--once")) {
                once = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unknown argument '" + a + "'");
            }
            String v = args[++i];
            switch (a) {
                case "--jdbc" -> jdbc = v;
                case "--hall" -> {
                    String[] kv = pair(a, v);
                    if (!HALL_NAME.matcher(kv[0]).matches()) {
                        problems.add("--hall " + v + ": the name must be 1 to 64 letters, digits, '.', '_' or '-'");
                    }
                    try {
                        URI u = URI.create(kv[1].endsWith("/") ? kv[1] : kv[1] + "/");
                        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                            throw new IllegalArgumentException();
                        }
                        halls.put(kv[0], u);
                    } catch (IllegalArgumentException e) {
                        problems.add("--hall " + v + ": the URL must look like http://10.0.0.5:8080 or https://...");
                    }
                }
                case "--token" -> {
                    if (v.startsWith("@")) {
                        allToken = readToken(v, problems);
                    } else {
                        String[] kv = pair(a, v);
                        tokens.put(kv[0], kv[1].startsWith("@") ? readToken(kv[1], problems) : kv[1]);
                    }
                }
                case "--trust" -> trust = Path.of(v);
                case "--interval" -> interval = number(a, v, 1, 86_400, problems);
                case "--limit" -> limit = number(a, v, 1, HallClient.MAX_LIMIT, problems);
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (jdbc == null || !jdbc.startsWith("jdbc:postgresql:")) {
            problems.add("--jdbc: required, a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/station");
        }
        if (halls.isEmpty()) {
            problems.add("--hall: at least one NAME=URL is required");
        }
        for (String h : halls.keySet()) {
            if (!tokens.containsKey(h)) {
                if (allToken == null) {
                    problems.add("--token: no token for hall '" + h + "' (give --token " + h + "=@FILE)");
                } else {
                    tokens.put(h, allToken);
                }
            }
        }
        for (String t : tokens.keySet()) {
            if (!halls.containsKey(t)) {
                problems.add("--token " + t + "=...: no --hall named '" + t + "'");
            }
        }
        if (trust != null && !Files.isReadable(trust)) {
            problems.add("--trust " + trust + ": cannot read the file");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n  ", problems));
        }
        return new Options(jdbc, halls, tokens, trust, once, interval, limit);
    }

    private static String[] pair(String flag, String v) {
        int eq = v.indexOf('=');
        if (eq <= 0 || eq == v.length() - 1) {
            throw new IllegalArgumentException(flag + " " + v + ": expected NAME=VALUE");
        }
        return new String[] {v.substring(0, eq), v.substring(eq + 1)};
    }

    private static String readToken(String at, List<String> problems) {
        try {
            String t = Files.readString(Path.of(at.substring(1)), StandardCharsets.UTF_8).strip();
            if (t.isEmpty()) {
                problems.add("--token " + at + ": the file is empty");
            }
            return t;
        } catch (IOException e) {
            problems.add("--token " + at + ": cannot read the file (" + e.getMessage() + ")");
            return "";
        }
    }

    private static int number(String flag, String v, int min, int max, List<String> problems) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        problems.add(flag + " " + v + ": must be a whole number from " + min + " to " + max);
        return min;
    }

    int run() {
        SSLContext tls;
        try {
            tls = options.trust() == null ? null : trusting(options.trust());
        } catch (Exception e) {
            System.err.println("qms sync-pull: --trust " + options.trust() + ": not a PEM certificate (" + e.getMessage() + ")");
            return USAGE;
        }
        List<HallClient> clients = new ArrayList<>();
        options.halls().forEach((name, url) -> clients.add(new HallClient(name, url, options.tokens().get(name), tls)));
        Map<String, String> broken = new LinkedHashMap<>();
        try (StationDb db = new StationDb(options.jdbc())) {
            while (true) {
                boolean failed = false;
                for (HallClient h : clients) {
                    if (broken.containsKey(h.hall())) {
                        continue;
                    }
                    try {
                        if (!db.isOpen()) {
                            db.open();
                        }
                        pullHall(db, h);
                    } catch (ChainBroken e) {
                        broken.put(h.hall(), e.getMessage());
                        log.error("sync-pull: hall {}: {}; this hall is not pulled further until its log is explained",
                                h.hall(), e.getMessage());
                        System.err.println("qms sync-pull: hall " + h.hall() + ": " + e.getMessage());
                    } catch (HallClient.Refused e) {
                        failed = true;
                        log.warn("sync-pull: hall {}: refused: {}", h.hall(), e.getMessage());
                        System.err.println("qms sync-pull: hall " + h.hall() + ": refused: " + e.getMessage());
                    } catch (IOException e) {
                        failed = true;
                        log.warn("sync-pull: hall {}: unreachable: {}", h.hall(), e.toString());
                        System.err.println("qms sync-pull: hall " + h.hall() + ": unreachable: " + e);
                    } catch (SQLException e) {
                        failed = true;
                        db.close();
                        log.warn("sync-pull: database: {}", e.getMessage());
                        System.err.println("qms sync-pull: database: " + e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return FAILED;
                    }
                }
                if (options.once()) {
                    return !broken.isEmpty() ? BROKEN : failed ? FAILED : OK;
                }
                if (broken.size() == clients.size()) {
                    return BROKEN;
                }
                try {
                    if (stop.await(options.intervalSeconds(), TimeUnit.SECONDS)) {
                        return OK;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return OK;
                }
            }
        }
    }

    private void pullHall(StationDb db, HallClient h) throws ChainBroken, IOException, InterruptedException, SQLException {
        StationDb.Cursor cur = db.cursor(h.hall(), options.halls().get(h.hall()).toString());
        EventHead at = cur.head();
        long start = at.seq();
        long t0 = System.nanoTime();
        while (stop.getCount() > 0) {
            HallClient.Page page;
            try {
                page = h.page(at.seq(), options.limit());
            } catch (HallClient.Refused e) {
                if (e.type.endsWith(":cursor-beyond-head")) {
                    String why = "the hall's log is shorter than the " + at.seq() + " events already pulled: "
                            + e.getMessage() + " (its data was replaced or restored from an older backup)";
                    db.markBroken(h.hall(), at.seq(), why);
                    throw new ChainBroken(at.seq(), why);
                }
                throw e;
            }
            List<Event> good = new ArrayList<>(page.events().size());
            ChainBroken bad = null;
            EventHead prev = at;
            for (Event e : page.events()) {
                bad = check(prev, e);
                if (bad != null) {
                    break;
                }
                good.add(e);
                prev = new EventHead(e.seq(), e.hash());
            }
            if (!db.append(h.hall(), at, good)) {
                // another puller moved this hall's cursor: continue from where it is now
                at = db.cursor(h.hall(), options.halls().get(h.hall()).toString()).head();
                continue;
            }
            at = prev;
            if (bad != null) {
                db.markBroken(h.hall(), bad.seq, bad.getMessage());
                throw bad;
            }
            if (!page.more()) {
                break;
            }
        }
        if (at.seq() > start) {
            log.info("sync-pull: hall {}: {} events pulled and verified in {} ms, now at seq {}", h.hall(),
                    at.seq() - start, (System.nanoTime() - t0) / 1_000_000, at.seq());
        }
    }

    /** Null when {@code e} follows {@code prev}; otherwise the first bad seq and what is wrong with it. */
    static ChainBroken check(EventHead prev, Event e) {
        long want = prev.seq() + 1;
        if (e.seq() > want) {
            return new ChainBroken(want, "event " + want + " is missing: the hall sent seq " + e.seq() + " after "
                    + prev.seq() + " (a row was deleted)");
        }
        if (e.seq() < want) {
            return new ChainBroken(e.seq(), "the hall sent seq " + e.seq() + " again after " + prev.seq());
        }
        if (!e.prevHash().equals(prev.hash())) {
            return new ChainBroken(e.seq(), "event " + e.seq() + " does not follow event " + prev.seq()
                    + ": its prevHash " + e.prevHash() + " is not " + prev.hash() + " (an earlier row was altered "
                    + "and its hash recomputed, or this row was)");
        }
        if (!e.verifies(prev.hash())) {
            return new ChainBroken(e.seq(), "event " + e.seq() + " (" + e.type() + ") was altered: its content "
                    + "does not match its hash");
        }
        return null;
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("hall-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException("no certificate in the file");
            }
        }
        // Only these certificates are trusted: a hall's own certificate is pinned, not any CA's.
        TrustManagerFactory own = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        own.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, own.getTrustManagers(), null);
        return ctx;
    }
}
