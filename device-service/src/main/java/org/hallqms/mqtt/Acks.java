package org.hallqms.mqtt;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hallqms.store.Json;
import org.hallqms.store.Once;
import org.hallqms.store.Tx;

/** Device acks: their JSON, and the first answer to each accepted message id (table {@code device_acks}, owned here). */
final class Acks {
    private Acks() {
    }

    static byte[] ok(String id) {
        return json(id, true, null, null);
    }

    static byte[] error(String id, String code, String message) {
        return json(id, false, code, message);
    }

    private static byte[] json(String id, boolean ok, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("id", id);
        m.put("ok", ok);
        if (code != null) {
            m.put("error", code);
            m.put("message", message);
        }
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A device message's part in its effect's transaction: its stored first answer when the id was accepted before
     * (then nothing happens again), else the ok answer, kept with the effect.
     */
    static Once<byte[]> once(String device, String id) {
        return new Once<>() {
            @Override
            public Optional<byte[]> earlier(Tx tx) throws SQLException {
                return stored(tx.connection(), device, id);
            }

            @Override
            public byte[] answer(Tx tx) throws SQLException {
                byte[] ok = ok(id);
                remember(tx, device, id, ok);
                return ok;
            }
        };
    }

    /** Keeps the answer to an accepted message in the same transaction as its effect. */
    static void remember(Tx tx, String device, String id, byte[] ack) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement(
                "INSERT INTO device_acks(device, msg_id, ack) VALUES (?, ?, ?)")) {
            ps.setString(1, device);
            ps.setString(2, id);
            ps.setString(3, new String(ack, StandardCharsets.UTF_8));
            ps.executeUpdate();
        }
    }

    /** The stored answer to an accepted message, if there is one. */
    static Optional<byte[]> stored(Connection c, String device, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ack FROM device_acks WHERE device = ? AND msg_id = ?")) {
            ps.setString(1, device);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1).getBytes(StandardCharsets.UTF_8)) : Optional.empty();
            }
        }
    }
}
