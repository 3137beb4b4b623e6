package org.hallqms.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: the roles table, from the outside: a route added without its caller's credential fails here. */
class RouteRolesTest {
    @TempDir
    Path dir;

    /** Every route and who may call it; a counter action gets a body it would accept, so only the session is missing. */
    private static final Map<String, String> ROLES = new TreeMap<>(Map.ofEntries(
            Map.entry("GET /", "public"), Map.entry("GET /kiosk", "public"), Map.entry("GET /board", "public"),
            Map.entry("GET /assets/{file}", "public"), Map.entry("GET /t/{id}", "public"),
            Map.entry("GET /t/{id}/qr.svg", "public"), Map.entry("GET /api/v1/services", "public"),
            Map.entry("POST /api/v1/tickets", "public"), Map.entry("GET /api/v1/tickets/{id}", "public"),
            Map.entry("POST /api/v1/complaints", "public"), Map.entry("GET /api/v1/live", "public"),
            Map.entry("GET /api/v1/calls/{id}/audio.wav", "public"), Map.entry("GET /health", "public"),
            Map.entry("GET /metrics", "public"), Map.entry("GET /api/v1/counters/{counter}", "public"),
            Map.entry("GET /admin", "page"), Map.entry("GET /counter/{counter}", "page"),
            Map.entry("POST /api/v1/counters/{counter}/session", "pin"),
            Map.entry("DELETE /api/v1/counters/{counter}/session", "officer"),
            Map.entry("GET /api/v1/counters/{counter}/waiting", "officer"),
            Map.entry("POST /api/v1/counters/{counter}/call-next", "officer"),
            Map.entry("POST /api/v1/counters/{counter}/call", "officer"),
            Map.entry("POST /api/v1/counters/{counter}/recall", "officer"),
            Map.entry("POST /api/v1/counters/{counter}/start", "officer"),
            Map.entry("POST /api/v1/counters/{counter}/finish", "officer"),
            Map.entry("POST /api/v1/counters/{counter}/no-show", "officer"),
            Map.entry("POST /api/v1/counters/{counter}/transfer", "officer"),
            Map.entry("POST /api/v1/counters/{counter}/pause", "officer"),
            Map.entry("POST /api/v1/counters/{counter}/resume", "officer"),
            Map.entry("GET /api/v1/queue", "admin"), Map.entry("GET /api/v1/stats", "admin"),
            Map.entry("GET /api/v1/devices", "admin"), Map.entry("GET /api/v1/devices/configs", "admin"),
            Map.entry("POST /api/v1/devices/reload", "admin"), Map.entry("POST /api/v1/devices/{id}/secret", "admin"),
            Map.entry("GET /api/v1/catalog", "admin"), Map.entry("PUT /api/v1/catalog", "admin"),
            Map.entry("GET /api/v1/appointments", "admin"), Map.entry("PUT /api/v1/appointments", "admin"),
            Map.entry("POST /api/v1/appointments", "admin"), Map.entry("GET /api/v1/alarms", "admin"),
            Map.entry("POST /api/v1/alarms/{id}/clear", "admin"),
            Map.entry("GET /api/v1/sync/events", "station"), Map.entry("GET /api/v1/sync/head", "station"),
            Map.entry("PUT /api/v1/sync/appointments", "station"), Map.entry("PUT /api/v1/sync/catalog", "station"),
            Map.entry("GET /api/v1/cases", "admin-or-station"), Map.entry("GET /api/v1/cases/{id}", "admin-or-station"),
            Map.entry("POST /api/v1/cases/{id}/callback", "admin-or-station"),
            Map.entry("POST /api/v1/cases/{id}/resolve", "admin-or-station"),
            Map.entry("POST /api/v1/cases/{id}/dismiss", "admin-or-station")));

    private static final Map<String, String> BODIES = Map.of("call", "{\"ticket\":\"A001\"}",
            "finish", "{\"outcome\":\"done\"}", "pause", "{\"reason\":\"lunch\"}", "transfer", "{\"service\":\"id-card\"}");

    @Test
    void every_route_has_a_caller_and_a_route_for_a_credential_refuses_a_request_without_one() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            assertThat(hall.hall().routes()).containsExactlyInAnyOrderElementsOf(ROLES.keySet());
            for (Map.Entry<String, String> e : ROLES.entrySet()) {
                if (!List.of("officer", "admin", "station", "admin-or-station").contains(e.getValue())) {
                    continue;
                }
                String method = e.getKey().substring(0, e.getKey().indexOf(' '));
                String path = e.getKey().substring(method.length() + 1).replace("{counter}", "1").replace("{id}", "1");
                String body = BODIES.getOrDefault(path.substring(path.lastIndexOf('/') + 1), "");
                Http.Resp r = switch (method) {
                    case "GET" -> hall.http().get(path, null);
                    case "POST" -> hall.http().post(path, body, null);
                    case "PUT" -> hall.http().put(path, "{}", null);
                    default -> hall.http().delete(path, null);
                };
                assertThat(r.status()).as(e.getKey()).isEqualTo(401);
                assertThat(r.body().path("type").asText()).as(e.getKey()).isEqualTo("urn:qms:problem:unauthorized");
            }
        }
    }
}
