package org.hallqms.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hallqms.store.Json;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    @TempDir
    Path dir;

    private static ObjectNode testHall() throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(CatalogTest.class.getResourceAsStream("/test-hall.json"));
    }

    @Test
    void pins_are_kept_only_as_salted_slow_hashes_and_never_returned() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            String stored = hall.hall().store().read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery(
                        "SELECT group_concat(pin_hash, '|') || (SELECT json FROM catalog) FROM officers")) {
                    return rs.getString(1);
                }
            });
            assertThat(stored).contains("pbkdf2-sha256$").doesNotContain("123456");
            Http.Resp cat = hall.http().get("/api/v1/catalog", TestHall.ADMIN);
            assertThat(cat.status()).isEqualTo(200);
            assertThat(cat.raw()).doesNotContain("pin").contains("510001");
            String sameSalt = hall.hall().store().read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery(
                        "SELECT COUNT(DISTINCT pin_hash) FROM officers")) {
                    return rs.getString(1);
                }
            });
            assertThat(sameSalt).as("equal PINs hash differently").isEqualTo("4");
        }
    }

    @Test
    void a_pushed_catalogue_is_applied_as_one_event_and_a_changed_pin_works_at_once() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            ObjectNode next = testHall();
            ((ObjectNode) next.withArray("officers").get(0)).put("pin", "654321");
            next.withArray("counters").addObject().put("id", "5").put("name", "5号窗口").putArray("services").add("*");
            long before = hall.head().seq();

            Http.Resp r = hall.http().put("/api/v1/catalog", next.toString(), TestHall.ADMIN);

            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            assertThat(hall.head().seq()).isEqualTo(before + 1);
            assertThat(hall.events("catalog.updated")).hasSize(2);
            assertThat(hall.http().post("/api/v1/counters/5/session", "{\"officer\":\"510001\",\"pin\":\"654321\"}",
                    null).status()).isEqualTo(201);
        }
    }

    @Test
    void a_catalogue_that_drops_a_service_with_waiting_tickets_or_an_open_counter_is_refused() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            hall.issue("household", "b1");
            ObjectNode noHousehold = testHall();
            var services = noHousehold.withArray("services");
            services.remove(1);
            ((ObjectNode) noHousehold.withArray("counters").get(3)).putArray("services").add("id-card");
            long before = hall.head().seq();

            Http.Resp r = hall.http().put("/api/v1/catalog", noHousehold.toString(), TestHall.ADMIN);

            assertThat(r.status()).isEqualTo(409);
            assertThat(r.text("type")).isEqualTo("urn:qms:problem:catalog-conflict");
            assertThat(r.text("detail")).contains("household");
            assertThat(hall.head().seq()).isEqualTo(before);

            hall.login("4", "510004");
            ObjectNode noCounter4 = testHall();
            noCounter4.withArray("counters").remove(3);
            Http.Resp r2 = hall.http().put("/api/v1/catalog", noCounter4.toString(), TestHall.ADMIN);
            assertThat(r2.status()).isEqualTo(409);
            assertThat(r2.text("detail")).contains("counter '4' is open");
        }
    }

    @Test
    void a_new_officer_without_a_pin_is_refused_with_the_field_named() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            ObjectNode next = testHall();
            next.withArray("officers").addObject().put("id", "510099").put("name", "新警官").put("role", "officer");

            Http.Resp r = hall.http().put("/api/v1/catalog", next.toString(), TestHall.ADMIN);

            assertThat(r.status()).isEqualTo(422);
            assertThat(r.body().get("errors").toString()).contains("officers[4].pin: required for a new officer");
        }
    }

    @Test
    void the_catalogue_file_is_applied_again_only_when_it_changed() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            hall.restart();
            assertThat(hall.events("catalog.updated")).as("unchanged file").hasSize(1);

            ObjectNode changed = testHall();
            ((ObjectNode) changed.get("hall")).put("notice", "周六上午照常办公");
            Files.writeString(dir.resolve("catalog.json"), changed.toString());
            hall.restart();

            assertThat(hall.events("catalog.updated")).hasSize(2);
            assertThat(hall.hall().catalog().current().hall().notice()).isEqualTo("周六上午照常办公");
        }
    }

    @Test
    void with_no_catalogue_at_all_the_service_starts_on_the_sample_hall() throws Exception {
        try (TestHall hall = TestHall.start(dir, "QMS_CATALOG", "")) {
            Http.Resp services = hall.http().get("/api/v1/services", null);
            assertThat(services.raw()).contains("居民身份证");
            assertThat(hall.issue("id-card", "first").text("number")).isEqualTo("A001");
        }
    }

    @Test
    void a_catalogue_file_that_is_not_json_is_refused_with_its_line_and_column_and_no_parser_noise() throws Exception {
        Path cut = dir.resolve("cut.json");
        Files.writeString(cut, "{\"v\": 1,\n \"hall\": {\"name\": \"户籍服务大厅\"");
        Path comma = dir.resolve("comma.json");
        Files.writeString(comma, "{\"v\": 1,\n \"hall\": {\"name\": \"x\",,}}");
        Path latin = dir.resolve("latin1.json");
        Files.write(latin, new byte[] {'{', '"', 'v', '"', ':', ' ', '"', (byte) 0xB0, '"', '}'});

        assertThatThrownBy(() -> CatalogService.read(Optional.of(comma))).hasMessage(comma + ":2:23: not valid JSON: "
                + "Unexpected character (',' (code 44)): was expecting double-quote to start field name");
        assertThatThrownBy(() -> CatalogService.read(Optional.of(cut))).hasMessageStartingWith(cut + ":2:")
                .hasMessageContaining("not valid JSON: Unexpected end-of-input").hasMessageNotContaining("Source")
                .hasMessageNotContaining("REDACTED");
        assertThatThrownBy(() -> CatalogService.read(Optional.of(latin))).hasMessage(latin
                + ": is not UTF-8 text (save it as UTF-8)");
    }
}
