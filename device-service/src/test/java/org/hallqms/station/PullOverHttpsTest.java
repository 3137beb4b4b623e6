package org.hallqms.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hallqms.support.Certificates;
import org.hallqms.support.Postgres;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullOverHttpsTest {
    @TempDir
    Path dir;

    @Test
    void the_station_pulls_over_https_trusting_only_the_halls_own_certificate() throws Exception {
        Postgres.requireServer();
        Path[] pem = Certificates.selfSigned(dir);
        String pg = Postgres.freshSchema();
        try (TestHall hall = TestHall.start(dir, "QMS_TLS_CERT", pem[0].toString(), "QMS_TLS_KEY", pem[1].toString(),
                "QMS_HTTPS_PORT", "0")) {
            BusyHall.fill(hall, 100, 5);
            Path token = Files.writeString(dir.resolve("t"), TestHall.SYNC);
            String hallUrl = "demo-hall=https://127.0.0.1:" + hall.hall().httpsPort();

            // without --trust the self-signed certificate is refused: nothing is pulled
            assertThat(SyncPull.main(new String[] {"--jdbc", pg, "--hall", hallUrl, "--token", "@" + token, "--once"}))
                    .isEqualTo(SyncPull.FAILED);
            assertThat(SyncPull.main(new String[] {"--jdbc", pg, "--hall", hallUrl, "--token", "@" + token, "--once",
                    "--trust", pem[0].toString()})).isEqualTo(SyncPull.OK);

            assertThat(SyncPullTest.single(pg, "SELECT max(seq) FROM qms_events")).isEqualTo(hall.head().seq());
        } finally {
            Postgres.dropSchema(pg);
        }
    }
}
