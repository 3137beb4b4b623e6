package org.hallqms.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hallqms.support.Browser;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The data directory on a 1 MB tmpfs fills up while the kiosk issues: issuing fails with a clear answer the kiosk
 * page shows, nothing already issued is lost or damaged, and when space returns the hall issues again, the
 * numbering carrying on.
 */
class DiskFullDrill {
    @TempDir
    Path dir;

    private static boolean sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    void a_full_disk_stops_issuing_with_a_clear_answer_damages_nothing_and_the_hall_recovers_when_space_returns()
            throws Exception {
        Path small = dir.resolve("small");
        Files.createDirectories(small);
        if (!sh("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("cannot mount a tmpfs (needs root, as CI runs)");
            }
            Assumptions.abort("cannot mount a tmpfs here (needs root)");
        }
        try (TestHall hall = TestHall.start(dir, "QMS_DATA_DIR", small.resolve("data").toString());
             Browser kiosk = new Browser(800, 1280)) {
            List<String> issued = new ArrayList<>();
            Http.Resp refused = null;
            for (int i = 0; i < 4000 && refused == null; i++) {
                Http.Resp r = hall.issue(new String[] {"id-card", "household", "certificate", "green"}[i % 4], "f" + i);
                if (r.status() == 201) {
                    issued.add(r.text("id"));
                } else {
                    refused = r;
                }
            }
            assertThat(refused).as("the disk filled up").isNotNull();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.text("type")).isEqualTo("urn:qms:problem:disk-full");
            assertThat(refused.text("detail")).contains("disk", "full");
            // SQLite frees a little now and then (a checkpoint restarts the WAL); take the last bytes too, as a
            // log file or a photo dump would on a real SD card
            Path filler = small.resolve("filler");
            try (var out = Files.newOutputStream(filler)) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                }
            } catch (java.io.IOException full) {
                // no space left: that is the point
            }
            assertThat(hall.issue("id-card", "while-full").text("type")).isEqualTo("urn:qms:problem:disk-full");
            var health = hall.http().get("/health", null).body();
            assertThat(health.path("disk").path("low").asBoolean()).isTrue();
            assertThat(health.path("status").asText()).isEqualTo("degraded");

            // the kiosk tells the citizen why no ticket comes
            kiosk.driver.get("http://127.0.0.1:" + hall.hall().httpPort() + "/kiosk");
            await().atMost(Duration.ofSeconds(60)).until(() -> !kiosk.driver.findElements(
                    By.cssSelector("button[data-service='id-card']")).isEmpty());
            kiosk.driver.findElement(By.cssSelector("button[data-service='id-card']")).click();
            await().atMost(Duration.ofSeconds(60)).until(() -> kiosk.driver.findElement(By.id("kioskError")).isDisplayed());
            assertThat(kiosk.driver.findElement(By.id("kioskError")).getText()).contains("暂时无法取号", "disk");
            kiosk.screenshot("kiosk-disk-full-800x1280");

            // nothing issued before is lost or damaged
            for (String id : issued) {
                assertThat(hall.http().get("/api/v1/tickets/" + id, null).status()).isEqualTo(200);
            }
            String check = hall.hall().store().read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("PRAGMA integrity_check")) {
                    return rs.getString(1);
                }
            });
            assertThat(check).isEqualTo("ok");
            assertThat(hall.hall().store().firstBrokenSeq()).isEqualTo(-1);

            // space returns: issuing resumes, numbers carry on
            Files.delete(filler);
            assertThat(sh("mount", "-o", "remount,size=32m", small.toString())).isTrue();
            Http.Resp again = hall.issue("id-card", "after-space");
            assertThat(again.status()).isEqualTo(201);
            long idCards = issued.stream().map(id -> hall.http().get("/api/v1/tickets/" + id, null).body()
                    .path("ticket").path("service").asText()).filter("id-card"::equals).count();
            assertThat(again.text("number")).isEqualTo(String.format("A%03d", idCards + 1));
            Drills.passed("disk full (1 MB tmpfs)", issued.size() + " tickets issued before the disk filled; then 503 disk-full, "
                    + "shown on the kiosk page, /health degraded; integrity ok, chain verifies, nothing lost; after a remount "
                    + "to 32 MB the next ticket is " + again.text("number"));
        } finally {
            sh("umount", "-l", small.toString());
        }
    }
}
