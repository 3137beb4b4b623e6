package org.hallqms.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/operations.md's backup command, taken while kiosks keep issuing, restores to a whole, verifiable hall. */
class BackupTest {
    @TempDir
    Path dir;

    @Test
    void an_online_backup_taken_under_load_restores_every_ticket_it_had_with_an_intact_chain() throws Exception {
        Path copy = dir.resolve("backups").resolve("qms-2026-11-27.db");
        Files.createDirectories(copy.getParent()); // as docs/operations.md has the IT person do once
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger issued = new AtomicInteger();
        long before;
        try (TestHall hall = TestHall.start(dir)) {
            for (int i = 0; i < 50; i++) {
                hall.issue("id-card", "pre-" + i);
            }
            before = hall.head().seq();
            Thread kiosk = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    if (hall.issue(i % 2 == 0 ? "household" : "certificate", "load-" + i).status() == 201) {
                        issued.incrementAndGet();
                    }
                }
            });
            kiosk.start();
            // a backup taken while tickets are being issued, whatever the machine's speed
            await().atMost(Duration.ofSeconds(60)).until(() -> issued.get() >= 20);
            assertThat(Backup.main(new String[] {"--data", dir.resolve("data").toString(), "--to", copy.toString()}))
                    .isEqualTo(0);
            stop.set(true);
            kiosk.join(60_000);
            assertThat(issued.get()).isGreaterThan(20);
        }

        Path restored = dir.resolve("restored");
        Files.createDirectories(restored);
        Files.copy(copy, restored.resolve(Store.FILE));
        try (Store store = Store.open(restored, Clock.systemUTC(), ZoneId.of("Asia/Shanghai"))) {
            assertThat(store.firstBrokenSeq()).isEqualTo(-1);
            assertThat(store.head().seq()).isGreaterThanOrEqualTo(before);
            long tickets = store.read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM tickets")) {
                    return rs.getLong(1);
                }
            });
            long issuedEvents = store.read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery(
                        "SELECT COUNT(*) FROM events WHERE type = 'ticket.issued'")) {
                    return rs.getLong(1);
                }
            });
            assertThat(tickets).isGreaterThanOrEqualTo(50).isEqualTo(issuedEvents);
        }
        assertThat(Files.exists(copy.resolveSibling(copy.getFileName() + ".partial"))).isFalse();
        assertThat(Backup.main(new String[] {"--data", dir.resolve("nowhere").toString(), "--to", copy.toString()}))
                .isEqualTo(1);
    }

    @Test
    void a_backup_never_replaces_a_file_or_makes_a_folder_unless_forced() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            hall.issue("id-card", "k-1");
        }
        String data = dir.resolve("data").toString();
        Path existing = dir.resolve("last-week.db");
        Files.writeString(existing, "last week's copy");
        assertThat(Backup.main(new String[] {"--data", data, "--to", existing.toString()})).isEqualTo(1);
        assertThat(Files.readString(existing)).isEqualTo("last week's copy");
        Path deep = dir.resolve("no").resolve("such").resolve("folder.db");
        assertThat(Backup.main(new String[] {"--data", data, "--to", deep.toString()})).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("no"))).isFalse();

        assertThat(Backup.main(new String[] {"--data", data, "--to", existing.toString(), "--force"})).isZero();
        assertThat(Files.size(existing)).isGreaterThan(4096);
        // it holds PIN and device-secret hashes, as qms.db does
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)))
                .isEqualTo("rw-------");
        assertThat(Backup.main(new String[] {"--force", "--data", data, "--to", deep.toString()})).isZero();
        assertThat(Files.exists(deep)).isTrue();
    }
}
