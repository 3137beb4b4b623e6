package org.hallqms.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hallqms.Problem;
import org.hallqms.QmsException;
import org.hallqms.event.CatalogUpdated;
import org.hallqms.store.Json;
import org.hallqms.store.Store;
import org.hallqms.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds the applied catalogue and replaces it, as one transaction and one {@code catalog.updated} event. */
public final class CatalogService {
    private static final Logger log = LoggerFactory.getLogger(CatalogService.class);

    /** Lets other features check and follow a catalogue change inside the same transaction. */
    @FunctionalInterface
    public interface Hook {
        /** Throw a {@link QmsException} (CATALOG_CONFLICT) to refuse the change. */
        void beforeApply(Tx tx, Catalog next) throws SQLException;
    }

    private final Store store;
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private volatile Catalog current;

    public CatalogService(Store store) {
        this.store = store;
    }

    public void addHook(Hook hook) {
        hooks.add(hook);
    }

    public Catalog current() {
        return current;
    }

    /**
     * At start: use the stored catalogue; apply {@code file} when it differs; fall back to the sample hall
     * when there is neither.
     */
    public void start(Optional<Path> file) {
        Optional<String[]> stored = store.read(c -> {
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT json, digest FROM catalog")) {
                return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)}) : Optional.empty();
            }
        });
        stored.ifPresent(row -> current = read(row[0]));
        if (file.isPresent()) {
            JsonNode doc = parse(file.get());
            CatalogParser.Parsed parsed = CatalogParser.parse(doc);
            if (stored.isEmpty() || !digest(parsed.catalog()).equals(stored.get()[1])) {
                apply(parsed, "file " + file.get().getFileName());
                log.info("catalog: applied {} ({} services, {} counters)", file.get(),
                        parsed.catalog().services().size(), parsed.catalog().counters().size());
            } else {
                // PINs are not part of the digest (it is stored); only new officers take theirs from the file.
                applyPinsForOfficersWithout(parsed.pins());
            }
        } else if (stored.isEmpty()) {
            apply(CatalogParser.parse(sample()), "sample hall");
            log.info("catalog: no catalogue yet, started on the sample hall (PUT /api/v1/catalog replaces it)");
        }
    }

    /** A catalogue file checked as the service would check it, for tools; empty = the bundled sample hall. */
    public static Catalog read(java.util.Optional<Path> file) {
        return CatalogParser.parse(file.isPresent() ? parse(file.get()) : sample()).catalog();
    }

    private static JsonNode sample() {
        try (InputStream in = CatalogService.class.getResourceAsStream("/sample-hall.json")) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("the bundled sample hall cannot be read", e);
        }
    }

    private static JsonNode parse(Path file) {
        try {
            JsonNode doc = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            // the same check as a pushed catalogue's: its text lands in the hash-chained log (catalog.updated)
            org.hallqms.PersonalId.in(doc).ifPresent(where -> {
                throw new QmsException(Problem.CATALOG_INVALID, file + ": " + org.hallqms.PersonalId.refusal(where));
            });
            return doc;
        } catch (JsonProcessingException e) {
            throw new QmsException(Problem.CATALOG_INVALID, file + where(e) + ": not valid JSON: " + plain(e));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new QmsException(Problem.CATALOG_INVALID, file + ": is not UTF-8 text (save it as UTF-8)");
        } catch (IOException e) {
            throw new QmsException(Problem.CATALOG_INVALID, file + ": cannot be read: " + e.getMessage());
        }
    }

    private static String where(JsonProcessingException e) {
        var at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
    }

    /** Jackson's message without its source description: an IT person wants the line and column, not a parser's internals. */
    private static String plain(JsonProcessingException e) {
        return e.getOriginalMessage()
                .replaceAll("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll("(?s)\\s*\\n.*", "");
    }

    /** Validates and applies a pushed catalogue; returns the applied one. */
    public Catalog apply(JsonNode doc, String source) {
        return apply(CatalogParser.parse(doc), source);
    }

    private Catalog apply(CatalogParser.Parsed parsed, String source) {
        Catalog next = parsed.catalog();
        // Slow hashing happens here, on the caller's thread, never on the writer's.
        Map<String, String> hashes = new HashMap<>();
        parsed.pins().forEach((id, pin) -> hashes.put(id, Pins.hash(pin)));
        String json = Json.write(next);
        String digest = digest(next);
        store.write(tx -> {
            var c = tx.connection();
            for (Catalog.Officer o : next.officers()) {
                if (!hashes.containsKey(o.id()) && !hasPin(tx, o.id())) {
                    throw new QmsException(Problem.CATALOG_INVALID, "officers: '" + o.id()
                            + "' is new and needs a pin", Map.of("errors", List.of("officers[" + next.officers()
                            .indexOf(o) + "].pin: required for a new officer")));
                }
            }
            for (Hook h : hooks) {
                h.beforeApply(tx, next);
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM officers WHERE id = ?")) {
                try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM officers")) {
                    while (rs.next()) {
                        if (next.officer(rs.getString(1)).isEmpty()) {
                            del.setString(1, rs.getString(1));
                            del.addBatch();
                        }
                    }
                }
                del.executeBatch();
            }
            try (PreparedStatement up = c.prepareStatement(
                    "INSERT INTO officers(id, pin_hash) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET pin_hash = excluded.pin_hash")) {
                for (var e : hashes.entrySet()) {
                    up.setString(1, e.getKey());
                    up.setString(2, e.getValue());
                    up.addBatch();
                }
                up.executeBatch();
            }
            try (PreparedStatement up = c.prepareStatement(
                    "INSERT INTO catalog(id, json, digest, updated_at) VALUES (1, ?, ?, ?) "
                            + "ON CONFLICT(id) DO UPDATE SET json = excluded.json, digest = excluded.digest, "
                            + "updated_at = excluded.updated_at")) {
                up.setString(1, json);
                up.setString(2, digest);
                up.setString(3, tx.now().toString());
                up.executeUpdate();
            }
            tx.append(new CatalogUpdated(source, digest, next));
            return null;
        });
        current = next;
        return next;
    }

    private void applyPinsForOfficersWithout(Map<String, String> pins) {
        Map<String, String> missing = new HashMap<>();
        store.read(c -> {
            for (String id : pins.keySet()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM officers WHERE id = ?")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            missing.put(id, Pins.hash(pins.get(id)));
                        }
                    }
                }
            }
            return null;
        });
        if (!missing.isEmpty()) {
            store.write(tx -> {
                try (PreparedStatement up = tx.connection().prepareStatement(
                        "INSERT OR IGNORE INTO officers(id, pin_hash) VALUES (?, ?)")) {
                    for (var e : missing.entrySet()) {
                        up.setString(1, e.getKey());
                        up.setString(2, e.getValue());
                        up.executeUpdate();
                    }
                }
                return null;
            });
        }
    }

    private static boolean hasPin(Tx tx, String officer) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT 1 FROM officers WHERE id = ?")) {
            ps.setString(1, officer);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The stored PIN hash of an officer, if any. */
    public Optional<String> pinHash(String officer) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pin_hash FROM officers WHERE id = ?")) {
                ps.setString(1, officer);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** The catalogue stored in a hall's database, for tools that read it beside the running service. */
    public static Optional<Catalog> stored(java.sql.Connection c) throws java.sql.SQLException {
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT json FROM catalog")) {
            return rs.next() ? Optional.of(read(rs.getString(1))) : Optional.empty();
        }
    }

    private static Catalog read(String json) {
        try {
            return Json.MAPPER.readValue(json, Catalog.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored catalogue cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    static String digest(Catalog c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Json.write(c).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
