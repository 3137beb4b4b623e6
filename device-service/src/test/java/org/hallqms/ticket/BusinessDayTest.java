package org.hallqms.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusinessDayTest {
    @TempDir
    Path dir;
    TestHall hall;

    @BeforeEach
    void start() {
        hall = TestHall.start(dir);
    }

    @AfterEach
    void stop() {
        hall.close();
    }

    @Test
    void a_new_business_day_restarts_numbers_at_001_and_expires_yesterdays_unfinished_tickets() {
        String a1 = hall.issue("id-card", "d1-a").text("id");
        String a2 = hall.issue("id-card", "d1-b").text("id");
        String token = hall.login("1", "510001");
        hall.act("1", token, "call-next");

        hall.clock.advance(Duration.ofDays(1));
        Http.Resp today = hall.issue("id-card", "d2-a");

        assertThat(today.text("number")).isEqualTo("A001");
        assertThat(today.text("id")).isNotEqualTo(a1);
        assertThat(state(a1)).isEqualTo("expired");
        assertThat(state(a2)).isEqualTo("expired");
        assertThat(hall.events("ticket.expired")).hasSize(2);
        // Officers log in again each morning: yesterday's session no longer works.
        assertThat(hall.act("1", token, "call-next").status()).isEqualTo(401);
        assertThat(hall.http().get("/api/v1/counters/1", null).text("state")).isEqualTo("closed");
    }

    @Test
    void yesterdays_tickets_expire_at_the_day_change_even_when_nobody_presses_anything() {
        String a1 = hall.issue("id-card", "x").text("id");

        hall.clock.advance(Duration.ofHours(15)); // 01:00 next day in Shanghai
        hall.hall().engine().rollDay();

        assertThat(state(a1)).isEqualTo("expired");
    }

    @Test
    void a_clock_stepping_back_an_hour_neither_renumbers_nor_reorders() {
        hall.clock.set(Instant.parse("2026-11-27T16:30:00Z")); // 00:30 on the 28th in Shanghai
        assertThat(hall.issue("id-card", "n1").text("number")).isEqualTo("A001");
        assertThat(hall.issue("id-card", "n2").text("number")).isEqualTo("A002");

        hall.clock.advance(Duration.ofHours(-1)); // NTP steps back to 23:30 on the 27th
        Http.Resp third = hall.issue("id-card", "n3");

        assertThat(third.text("number")).isEqualTo("A003");
        assertThat(third.body().get("ahead").asInt()).isEqualTo(2);
        String token = hall.login("1", "510001");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            order.add(hall.act("1", token, "call-next").body().path("ticket").path("number").asText());
            hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
        }
        assertThat(order).containsExactly("A001", "A002", "A003");
        assertThat(hall.events("ticket.expired")).isEmpty();
    }

    private String state(String id) {
        return hall.http().get("/api/v1/tickets/" + id, null).body().path("ticket").path("state").asText();
    }
}
