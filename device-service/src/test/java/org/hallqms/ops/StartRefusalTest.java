package org.hallqms.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.hallqms.support.ChildService;
import org.hallqms.support.FreePort;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the IT person reads when a start is refused: one line, naming the cause and the fix, and nothing harmed. */
class StartRefusalTest {
    @TempDir
    Path dir;

    private Map<String, String> env(String data) throws Exception {
        Path catalog = dir.resolve("catalog.json");
        if (!Files.exists(catalog)) {
            try (InputStream in = TestHall.class.getResourceAsStream("/test-hall.json")) {
                Files.copy(in, catalog);
            }
        }
        Map<String, String> env = new HashMap<>(Map.of("QMS_DATA_DIR", dir.resolve(data).toString(), "QMS_HTTP_PORT", "0",
                "QMS_HTTP_HOST", "127.0.0.1", "QMS_CATALOG", catalog.toString(), "QMS_ADMIN_TOKEN", TestHall.ADMIN,
                "QMS_MQTT_BIND", "127.0.0.1", "QMS_MQTT_PORT", Integer.toString(FreePort.find()),
                "QMS_DEVICE_CONFIG_DIR", dir.resolve("devices").toString()));
        return env;
    }

    @Test
    void a_second_service_on_the_same_data_directory_refuses_with_one_line_naming_the_first_which_keeps_working()
            throws Exception {
        try (ChildService first = new ChildService(env("data"))) {
            Http http = new Http(first.port());
            assertThat(http.post("/api/v1/tickets", "{\"service\":\"id-card\",\"requestId\":\"k-1\"}", null).status())
                    .isEqualTo(201);

            // as the README advised for a taken port: other ports, the same data
            ChildService.Run second = ChildService.run(env("data"));

            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.lines()).containsExactly("qms: the data directory " + dir.resolve("data").toAbsolutePath()
                    + " is in use by another service (PID " + first.pid() + "); stop it first, or give this one its "
                    + "own QMS_DATA_DIR");
            assertThat(http.post("/api/v1/tickets", "{\"service\":\"id-card\",\"requestId\":\"k-2\"}", null).text("number"))
                    .isEqualTo("A002");
            assertThat(http.get("/health", null).body().path("status").asText()).isEqualTo("ok");
        }
        // the lock went with the process: the next start is not refused
        try (ChildService again = new ChildService(env("data"))) {
            assertThat(new Http(again.port()).get("/health", null).status()).isEqualTo(200);
        }
    }

    @Test
    void a_taken_http_port_is_one_line_naming_the_setting_to_change() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = env("data");
            env.put("QMS_HTTP_PORT", Integer.toString(taken.getLocalPort()));
            ChildService.Run run = ChildService.run(env);
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.lines()).containsExactly("qms: port " + taken.getLocalPort() + " on 127.0.0.1 is already in "
                    + "use; set QMS_HTTP_PORT to a free port (0 = any free port)");
        }
    }

    @Test
    void a_taken_mqtt_port_is_one_line_naming_both_fixes() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Map<String, String> env = env("data");
            env.put("QMS_MQTT_PORT", Integer.toString(taken.getLocalPort()));
            ChildService.Run run = ChildService.run(env);
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.lines()).containsExactly("qms: MQTT port " + taken.getLocalPort() + " on 127.0.0.1 is already "
                    + "in use (another broker?); set QMS_MQTT_PORT to a free port, or QMS_MQTT_URL=tcp://127.0.0.1:"
                    + taken.getLocalPort() + " to use the broker already running there");
        }
    }

    @Test
    void config_without_a_file_says_what_it_needs() throws Exception {
        ChildService.Run run = ChildService.run(env("data"), "--config");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.lines()).containsExactly("qms: --config needs a file: --config /etc/hall-qms/hall-qms.conf");
    }

    @Test
    void a_mistyped_setting_is_named_with_the_one_it_resembles_and_the_tls_warning_names_the_bound_port()
            throws Exception {
        Map<String, String> env = env("data");
        env.put("QMS_HTTP_PROT", "8082");
        env.put("QMS_HTTP_HOST", "0.0.0.0");
        try (ChildService svc = new ChildService(env)) {
            assertThat(svc.output()).contains("config: QMS_HTTP_PROT is not a setting of this service and is ignored; "
                    + "did you mean QMS_HTTP_PORT?");
            assertThat(svc.output()).contains("in clear text on http://0.0.0.0:" + svc.port() + ";")
                    .doesNotContain("http://0.0.0.0:0");
            // the service's broker client id is its own secret-ish name: a log reader must not learn it
            assertThat(svc.output()).contains("mqtt: connected").doesNotContain("qms-service-demo-hall-");
        }
    }
}
