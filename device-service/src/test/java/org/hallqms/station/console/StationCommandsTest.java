package org.hallqms.station.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.hallqms.cli.Cli;
import org.hallqms.support.ChildService;
import org.hallqms.support.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code station-user add} and the flags of {@code station}, as an IT person types them. */
class StationCommandsTest {
    @TempDir
    Path dir;

    @Test
    void station_user_add_reads_the_password_from_stdin_and_stores_only_its_hash() throws Exception {
        Postgres.requireServer();
        String jdbc = Postgres.freshSchema();
        try {
            ConsoleRig.Ran r = ConsoleRig.userWithInput("s3cret-passw0rd\n", "add", "li", "--jdbc", jdbc,
                    "--role", "hall-leader", "--hall", "east");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("added hall-leader 'li' of hall east");
            try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT role, hall, password FROM qms_console_users WHERE name = 'li'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("role")).isEqualTo("hall-leader");
                assertThat(rs.getString("hall")).isEqualTo("east");
                assertThat(rs.getString("password")).startsWith("pbkdf2-sha256$").doesNotContain("s3cret-passw0rd");
            }
            // the same name again is refused; --replace sets a new password
            ConsoleRig.Ran again = ConsoleRig.userWithInput("another-password\n", "add", "li", "--jdbc", jdbc,
                    "--role", "hall-leader", "--hall", "east");
            assertThat(again.exit()).isEqualTo(Cli.FAILED);
            assertThat(again.err()).contains("user 'li' exists already; add --replace");
            assertThat(ConsoleRig.userWithInput("another-password\n", "add", "li", "--jdbc", jdbc, "--role",
                    "station-admin", "--replace").exit()).isZero();
        } finally {
            Postgres.dropSchema(jdbc);
        }
    }

    @Test
    void station_user_add_refuses_a_bad_role_a_hall_leader_without_hall_an_admin_with_one_and_a_short_password() {
        String jdbc = "jdbc:postgresql://127.0.0.1:1/none";
        String[][] cases = {
            {"--role boss: must be station-admin or hall-leader", "add", "li", "--jdbc", jdbc, "--role", "boss"},
            {"--hall: required for a hall-leader", "add", "li", "--jdbc", jdbc, "--role", "hall-leader"},
            {"--hall: a station-admin sees every hall", "add", "li", "--jdbc", jdbc, "--role", "station-admin", "--hall", "east"},
            {"'delete': the action is add or remove", "delete", "li", "--jdbc", jdbc, "--role", "station-admin"},
            {"remove takes only NAME and --jdbc", "remove", "li", "--jdbc", jdbc, "--role", "station-admin"},
            {"NAME 'li li': must be", "remove", "li li", "--jdbc", jdbc},
            {"NAME 'li li': must be", "add", "li li", "--jdbc", jdbc, "--role", "station-admin"},
            {"--role is required", "add", "li", "--jdbc", jdbc},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            ConsoleRig.Ran r = ConsoleRig.userWithInput("long-enough-password\n", args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(Cli.USAGE);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("qms station-user: ").contains(c[0])
                    .contains("usage: java -jar device-service.jar station-user add NAME");
        }
        ConsoleRig.Ran shortPassword = ConsoleRig.userWithInput("short\n", "add", "li", "--jdbc", jdbc, "--role",
                "station-admin");
        assertThat(shortPassword.exit()).isEqualTo(Cli.USAGE);
        assertThat(shortPassword.err()).contains("the password on standard input must be 8 to 256 characters");
        ConsoleRig.Ran noInput = ConsoleRig.userWithInput("", "add", "li", "--jdbc", jdbc, "--role", "station-admin");
        assertThat(noInput.exit()).isEqualTo(Cli.USAGE);
    }

    @Test
    void station_user_remove_ends_the_users_sessions_at_once_and_says_so_when_there_is_no_such_user() throws Exception {
        try (ConsoleRig rig = ConsoleRig.start(dir)) {
            String token = rig.token(ConsoleRig.LEADER);
            assertThat(rig.get("/api/v1/me", token).status()).isEqualTo(200);

            ConsoleRig.Ran removed = ConsoleRig.user("remove", ConsoleRig.LEADER, "--jdbc", rig.jdbc);
            assertThat(removed.exit()).as(removed.err()).isZero();
            assertThat(removed.out()).contains("removed 'wang'");
            assertThat(rig.get("/api/v1/me", token).status()).isEqualTo(401);
            assertThat(rig.login(ConsoleRig.LEADER, ConsoleRig.PASSWORD).status()).isEqualTo(401);
            // the other user is untouched
            assertThat(rig.login(ConsoleRig.ADMIN, ConsoleRig.PASSWORD).status()).isEqualTo(200);

            ConsoleRig.Ran again = ConsoleRig.user("remove", ConsoleRig.LEADER, "--jdbc", rig.jdbc);
            assertThat(again.exit()).isEqualTo(Cli.FAILED);
            assertThat(again.err()).contains("no user named 'wang'");
        }
    }

    @Test
    void station_user_add_warns_about_a_hall_the_station_never_pulled_but_still_adds_the_user() throws Exception {
        try (ConsoleRig rig = ConsoleRig.start(dir)) {
            // the station registers each of its halls when it first pulls it
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                    rig.get("/api/v1/halls", rig.token(ConsoleRig.ADMIN)).status() == 200 && hallsKnown(rig.jdbc));
            ConsoleRig.Ran typo = ConsoleRig.user("add", "zhao", "--jdbc", rig.jdbc, "--role", "hall-leader",
                    "--hall", "eats");
            assertThat(typo.exit()).as(typo.err()).isZero();
            assertThat(typo.err()).contains("warning: the station has never pulled a hall named 'eats'");
            assertThat(typo.out()).contains("added hall-leader 'zhao' of hall eats");
            assertThat(rig.login("zhao", ConsoleRig.PASSWORD).status()).isEqualTo(200);

            ConsoleRig.Ran right = ConsoleRig.user("add", "qian", "--jdbc", rig.jdbc, "--role", "hall-leader",
                    "--hall", "east");
            assertThat(right.exit()).as(right.err()).isZero();
            assertThat(right.err()).doesNotContain("warning");
        }
    }

    private static boolean hallsKnown(String jdbc) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM qms_halls WHERE hall IN ('east', 'west')")) {
            return rs.next() && rs.getInt(1) == 2;
        }
    }

    @Test
    void station_names_every_wrong_flag_at_once() throws Exception {
        Path token = Files.writeString(dir.resolve("t"), "station-token-0123456789\n");
        Path empty = Files.writeString(dir.resolve("empty"), "");
        assertThatThrownBy(() -> StationConsole.parse("--hall", "east=ftp://x", "--hall", "bad name=http://10.0.0.5",
                "--token", "west=@" + token, "--port", "70000", "--interval", "0", "--session-hours", "soon",
                "--tls-cert", token.toString(), "--trust", dir.resolve("missing.pem").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--hall east=ftp://x: the URL must look like http://10.0.0.5:8080")
                .hasMessageContaining("--hall bad name=http://10.0.0.5: the name must be 1 to 64 letters")
                .hasMessageContaining("--token west=...: no --hall named 'west'")
                .hasMessageContaining("--port 70000: must be a whole number from 0 to 65535")
                .hasMessageContaining("--interval 0: must be a whole number from 1 to 3600")
                .hasMessageContaining("--session-hours soon: must be a whole number from 1 to 720")
                .hasMessageContaining("--jdbc: required")
                .hasMessageContaining("--tls-cert: needs --tls-key too")
                .hasMessageContaining("--trust " + dir.resolve("missing.pem") + ": cannot read the file")
                .hasMessageContaining("--token: no token for hall 'bad name'");
        assertThatThrownBy(() -> StationConsole.parse("--jdbc", "jdbc:postgresql://x/y", "--hall", "east=http://10.0.0.5",
                "--token", "east=@" + empty)).hasMessageContaining("--token @" + empty + ": the file is empty");
        assertThatThrownBy(() -> StationConsole.parse("--jdbc", "jdbc:postgresql://x/y", "--hall", "east=http://10.0.0.5",
                "--token", "@" + token, "--tls-cert", token.toString(), "--tls-key", token.toString()))
                .hasMessageContaining("--tls-cert: '" + token + "'");

        StationArgs.Options o = StationConsole.parse("--jdbc", "jdbc:postgresql://x/y", "--hall", "east=http://10.0.0.5:8080",
                "--token", "@" + token);
        assertThat(o.port()).isEqualTo(8090);
        assertThat(o.intervalSeconds()).isEqualTo(5);
        assertThat(o.sessionHours()).isEqualTo(8);
        assertThat(o.tokens()).containsEntry("east", "station-token-0123456789");
        assertThat(o.halls().get("east").toString()).isEqualTo("http://10.0.0.5:8080/");

        // through the jar's entry point: usage on stderr, exit 2
        ChildService.Run run = ChildService.run(java.util.Map.of(), "station", "--hall", "east");
        assertThat(run.exit()).isEqualTo(Cli.USAGE);
        assertThat(run.output()).contains("qms station: ").contains("--hall east: expected NAME=VALUE")
                .contains("usage: java -jar device-service.jar station");
        ChildService.Run help = ChildService.run(java.util.Map.of(), "station-user", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.output()).contains("usage: java -jar device-service.jar station-user add NAME");
    }
}
