package org.hallqms.station;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.hallqms.cli.Cli;
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
        return Cli.run(new SyncPullArgs(o -> {
            SyncPull pull = new SyncPull(o);
            Runtime.getRuntime().addShutdownHook(new Thread(pull.stop::countDown, "sync-pull-stop"));
            return pull.run();
        }), args);
    }

    /** The checked flags; an {@link IllegalArgumentException} names every wrong one. */
    static Options parse(String[] args) {
        return Cli.parse(new SyncPullArgs(null), args).options();
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
        HallPuller.pull(db, h, options.halls().get(h.hall()).toString(), options.limit(), () -> stop.getCount() > 0);
    }

    /** Null when {@code e} follows {@code prev}; otherwise the first bad seq and what is wrong with it. */
    static ChainBroken check(EventHead prev, Event e) {
        return HallPuller.check(prev, e);
    }

    static SSLContext trusting(Path pem) throws Exception {
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
