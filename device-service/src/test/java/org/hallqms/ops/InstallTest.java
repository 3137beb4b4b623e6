package org.hallqms.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/install and scripts/uninstall, run into a temporary root: every file they write, and what they keep. */
class InstallTest {
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    @Test
    void install_writes_the_service_its_units_and_config_and_an_upgrade_keeps_the_halls_settings() throws Exception {
        Path root = dir.resolve("root");
        Path jar = dir.resolve("device-service.jar");
        Files.writeString(jar, "not really a jar");
        run("bash", SCRIPTS.resolve("install").toString(), "--root", root.toString(), "--jar", jar.toString(),
                "--no-cds", "--with-mosquitto");

        List<String> manifest = Files.readAllLines(root.resolve("opt/hall-qms/installed-files"));
        assertThat(manifest).contains("/opt/hall-qms/device-service.jar", "/opt/hall-qms/health-check",
                "/etc/hall-qms/jvm.options", "/etc/systemd/system/hall-qms.service",
                "/etc/systemd/system/hall-qms-health.service", "/etc/systemd/system/hall-qms-health.timer",
                "/etc/systemd/journald.conf.d/hall-qms.conf", "/etc/mosquitto/conf.d/hall-qms.conf");
        for (String f : manifest) {
            assertThat(root.resolve(f.substring(1))).as(f).exists();
        }
        String unit = Files.readString(root.resolve("etc/systemd/system/hall-qms.service"));
        assertThat(unit).contains("User=qms", "Restart=on-failure", "MemoryMax=", "@/etc/hall-qms/jvm.options",
                "-XX:SharedArchiveFile=/var/lib/hall-qms/app.jsa", "ReadWritePaths=/var/lib/hall-qms",
                "--config /etc/hall-qms/hall-qms.conf");
        assertThat(Files.readString(root.resolve("etc/hall-qms/jvm.options"))).contains("-Xmx64m", "-XX:+UseSerialGC");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("opt/hall-qms/health-check"))))
                .isEqualTo("rwxr-xr-x");
        String conf = Files.readString(root.resolve("etc/hall-qms/hall-qms.conf"));
        assertThat(conf).contains("QMS_MQTT_URL=tcp://127.0.0.1:1883", "QMS_MQTT_USER=hall-qms")
                .containsPattern("QMS_MQTT_PASSWORD=\\S{16,}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/hall-qms/hall-qms.conf"))))
                .isEqualTo("rw-r-----");
        assertThat(Files.readString(root.resolve("etc/mosquitto/conf.d/hall-qms.conf")))
                .contains("persistence true", "allow_anonymous false", "password_file /etc/mosquitto/hall-qms.passwd",
                        "acl_file /etc/mosquitto/hall-qms.acl", "use_username_as_clientid true");
        // MQTT contract v1.1: the generated files come from mqtt-acl, anonymous clients stay out
        assertThat(conf).contains("QMS_MQTT_ANONYMOUS=off");
        assertThat(manifest).contains("/opt/hall-qms/mqtt-acl-apply");
        // after a JDK upgrade the old class-data archive no longer loads: the unit records it again before a start
        assertThat(manifest).contains("/opt/hall-qms/cds-refresh", "/opt/hall-qms/make-cds");
        assertThat(unit).contains("ExecStartPre=-/opt/hall-qms/cds-refresh /opt/hall-qms/device-service.jar "
                + "/var/lib/hall-qms/app.jsa /etc/hall-qms/jvm.options");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("opt/hall-qms/cds-refresh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(Files.readString(root.resolve("opt/hall-qms/mqtt-acl-apply")))
                .contains("device-service.jar mqtt-acl --out", "hall-qms.passwd", "hall-qms.acl", "systemctl kill -s HUP");
        assertThat(root.resolve("etc/hall-qms/display-firmware-config/devices")).isDirectory();
        assertThat(root.resolve("var/lib/hall-qms")).isDirectory();

        // the hall edits its config and device files; an upgrade replaces the jar and keeps both
        Files.writeString(root.resolve("etc/hall-qms/hall-qms.conf"), "QMS_STATION=hall-7\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(root.resolve("var/lib/hall-qms/qms.db"), "the day's queue");
        Files.writeString(jar, "the next version");
        run("bash", SCRIPTS.resolve("install").toString(), "--root", root.toString(), "--jar", jar.toString(), "--no-cds");
        assertThat(Files.readString(root.resolve("opt/hall-qms/device-service.jar"))).isEqualTo("the next version");
        assertThat(Files.readString(root.resolve("etc/hall-qms/hall-qms.conf"))).contains("QMS_STATION=hall-7");
        assertThat(Files.readString(root.resolve("var/lib/hall-qms/qms.db"))).isEqualTo("the day's queue");

        if (Files.isExecutable(Path.of("/usr/bin/systemd-analyze")) && Files.isExecutable(Path.of("/usr/bin/java"))) {
            // the health unit's command is checked against this root's copy of it
            Path health = dir.resolve("qms-health-copy.service");
            Files.writeString(health, Files.readString(root.resolve("etc/systemd/system/hall-qms-health.service"))
                    .replace("/opt/hall-qms/health-check", root.resolve("opt/hall-qms/health-check").toString()));
            List<String> cmd = new ArrayList<>(List.of("systemd-analyze", "verify",
                    root.resolve("etc/systemd/system/hall-qms.service").toString(), health.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            assertThat(out).as("systemd-analyze verify").doesNotContain("Unknown key", "Unknown section", "not executable",
                    "Invalid", "Failed to parse");
        }

        String removed = run("bash", SCRIPTS.resolve("uninstall").toString(), "--root", root.toString());
        assertThat(removed).contains("kept /etc/hall-qms and /var/lib/hall-qms");
        assertThat(root.resolve("opt/hall-qms")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/hall-qms.service")).doesNotExist();
        assertThat(root.resolve("etc/hall-qms/hall-qms.conf")).exists();
        assertThat(root.resolve("var/lib/hall-qms/qms.db")).exists();

        run("bash", SCRIPTS.resolve("install").toString(), "--root", root.toString(), "--jar", jar.toString(), "--no-cds");
        run("bash", SCRIPTS.resolve("uninstall").toString(), "--root", root.toString(), "--purge");
        assertThat(root.resolve("etc/hall-qms")).doesNotExist();
        assertThat(root.resolve("var/lib/hall-qms")).doesNotExist();
    }

    @Test
    void install_refuses_a_missing_jar_and_unknown_options_with_a_clear_message() throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPTS.resolve("install").toString(), "--root", dir.toString(), "--jar",
                dir.resolve("none.jar").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(out).contains("no jar at", "mvn -B -DskipTests package");
        p = new ProcessBuilder("bash", SCRIPTS.resolve("install").toString(), "--frobnicate").redirectErrorStream(true).start();
        assertThat(new String(p.getInputStream().readAllBytes())).contains("unknown option '--frobnicate'");
        assertThat(p.waitFor()).isEqualTo(2);
    }
}
