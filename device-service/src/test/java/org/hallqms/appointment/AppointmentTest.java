package org.hallqms.appointment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Check-in by code at the kiosk (the clock stands at 10:00 on 2026-11-27), and the day's bookings. */
class AppointmentTest {
    private static final String DAY = "2026-11-27";

    @TempDir
    Path dir;

    private static Http.Resp book(TestHall hall, String entries) {
        return hall.http().put("/api/v1/appointments", "{\"v\":1,\"day\":\"" + DAY + "\",\"appointments\":[" + entries + "]}",
                TestHall.ADMIN);
    }

    private static String entry(String code, String service, String from, String to) {
        return "{\"code\":\"" + code + "\",\"service\":\"" + service + "\",\"from\":\"" + from + "\",\"to\":\"" + to
                + "\",\"phone\":\"138****1234\"}";
    }

    private static Http.Resp checkIn(TestHall hall, String code, String requestId) {
        return hall.http().post("/api/v1/tickets", "{\"appointment\":\"" + code + "\",\"requestId\":\"" + requestId + "\"}",
                null);
    }

    private static String state(TestHall hall, String code) {
        for (var a : hall.http().get("/api/v1/appointments?day=" + DAY, TestHall.ADMIN).body().path("appointments")) {
            if (a.path("code").asText().equals(code)) {
                return a.path("state").asText();
            }
        }
        return null;
    }

    @Test
    void on_time_check_in_gives_an_appointment_ticket_that_is_called_before_earlier_walk_ins() {
        try (TestHall hall = TestHall.start(dir)) {
            assertThat(book(hall, entry("apt0001", "id-card", "10:00", "10:30")).status()).isEqualTo(200);
            assertThat(hall.issue("id-card", "walk-in").text("number")).isEqualTo("A001");

            Http.Resp r = checkIn(hall, "APT0001", "kiosk-1");
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.text("number")).isEqualTo("A002");
            assertThat(r.text("priority")).isEqualTo("appointment");
            assertThat(r.body().path("appointment").path("arrival").asText()).isEqualTo("on-time");
            assertThat(r.body().path("appointment").path("message").asText()).contains("预约签到成功");
            assertThat(state(hall, "APT0001")).isEqualTo("checked_in");

            String t = hall.login("2", "510002");
            assertThat(hall.act("2", t, "call-next").body().path("ticket").path("number").asText()).isEqualTo("A002");
            assertThat(hall.events("ticket.issued").get(1).path("appointment").asText()).isEqualTo("APT0001");
        }
    }

    @Test
    void early_and_late_check_ins_get_a_normal_ticket_with_the_reason() {
        try (TestHall hall = TestHall.start(dir)) {
            book(hall, entry("EARLY01", "id-card", "11:00", "11:30") + "," + entry("LATE001", "household", "09:00", "09:30"));

            Http.Resp early = checkIn(hall, "EARLY01", "e1");
            assertThat(early.status()).isEqualTo(201);
            assertThat(early.text("priority")).isEqualTo("normal");
            assertThat(early.body().path("appointment").path("arrival").asText()).isEqualTo("early");
            assertThat(early.body().path("appointment").path("message").asText()).contains("10:30 起", "普通号");

            Http.Resp late = checkIn(hall, "LATE001", "l1");
            assertThat(late.status()).isEqualTo(201);
            assertThat(late.text("number")).isEqualTo("B001");
            assertThat(late.text("priority")).isEqualTo("normal");
            assertThat(late.body().path("appointment").path("message").asText()).contains("09:40 止");
        }
    }

    @Test
    void early_and_late_check_ins_are_refused_and_change_nothing_when_so_configured() {
        try (TestHall hall = TestHall.start(dir, "QMS_APPOINTMENT_OUTSIDE_WINDOW", "refuse")) {
            book(hall, entry("EARLY01", "id-card", "11:00", "11:30") + "," + entry("LATE001", "household", "09:00", "09:30"));
            long head = hall.head().seq();

            Http.Resp early = checkIn(hall, "EARLY01", "e1");
            assertThat(early.status()).isEqualTo(409);
            assertThat(early.text("type")).isEqualTo("urn:qms:problem:appointment-too-early");
            assertThat(early.text("checkInFrom")).startsWith("2026-11-27T10:30");
            Http.Resp late = checkIn(hall, "LATE001", "l1");
            assertThat(late.text("type")).isEqualTo("urn:qms:problem:appointment-too-late");
            assertThat(late.text("detail")).contains("09:40");
            assertThat(hall.head().seq()).isEqualTo(head);

            // at 10:35 the early one is inside its window
            hall.clock.advance(Duration.ofMinutes(35));
            assertThat(checkIn(hall, "EARLY01", "e2").text("priority")).isEqualTo("appointment");
        }
    }

    @Test
    void a_second_check_in_is_refused_naming_the_first_ticket_and_a_retried_press_returns_it() {
        try (TestHall hall = TestHall.start(dir)) {
            book(hall, entry("TWICE01", "id-card", "10:00", "10:30"));
            Http.Resp first = checkIn(hall, "TWICE01", "press-1");
            Http.Resp retry = checkIn(hall, "TWICE01", "press-1");
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.text("id")).isEqualTo(first.text("id"));

            Http.Resp again = checkIn(hall, "TWICE01", "press-2");
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.text("type")).isEqualTo("urn:qms:problem:appointment-used");
            assertThat(again.text("ticket")).isEqualTo(first.text("number"));
            assertThat(hall.events("ticket.issued")).hasSize(1);
        }
    }

    @Test
    void wrong_cancelled_and_mismatched_codes_get_clear_answers_and_issue_nothing() {
        try (TestHall hall = TestHall.start(dir)) {
            book(hall, entry("KEEP001", "id-card", "10:00", "10:30") + "," + entry("DROP001", "id-card", "10:00", "10:30"));
            // the station's next push leaves DROP001 out: it is cancelled
            Http.Resp again = book(hall, entry("KEEP001", "id-card", "10:00", "10:30"));
            assertThat(again.body().path("cancelled").asInt()).isEqualTo(1);
            assertThat(again.body().path("unchanged").asInt()).isEqualTo(1);

            assertThat(checkIn(hall, "NOSUCH1", "w1").text("type")).isEqualTo("urn:qms:problem:unknown-appointment");
            assertThat(checkIn(hall, "DROP001", "w2").text("type")).isEqualTo("urn:qms:problem:appointment-cancelled");
            Http.Resp other = hall.http().post("/api/v1/tickets",
                    "{\"appointment\":\"KEEP001\",\"service\":\"household\",\"requestId\":\"w3\"}", null);
            assertThat(other.status()).isEqualTo(400);
            assertThat(other.text("detail")).contains("'id-card'");
            assertThat(checkIn(hall, "x", "w4").status()).isEqualTo(400);
            assertThat(hall.events("ticket.issued")).isEmpty();
        }
    }

    @Test
    void a_booking_never_checked_in_is_recorded_missed_when_its_window_closes() {
        try (TestHall hall = TestHall.start(dir, "QMS_ALARM_CHECK_SECONDS", "1")) {
            book(hall, entry("MISS001", "id-card", "10:00", "10:30") + "," + entry("LATER01", "id-card", "11:00", "11:30"));
            hall.clock.advance(Duration.ofMinutes(39));
            hall.hall().checkNow();
            assertThat(state(hall, "MISS001")).isEqualTo("booked");

            hall.clock.advance(Duration.ofMinutes(2));
            await().atMost(Duration.ofSeconds(60)).until(() -> "missed".equals(state(hall, "MISS001")));
            assertThat(state(hall, "LATER01")).isEqualTo("booked");
            assertThat(hall.events("appointment.missed")).singleElement()
                    .satisfies(e -> assertThat(e.path("code").asText()).isEqualTo("MISS001"));
            var stats = hall.http().get("/api/v1/stats?day=" + DAY, TestHall.ADMIN).body().path("appointments");
            assertThat(stats.path("missed").asInt()).isEqualTo(1);
            assertThat(stats.path("booked").asInt()).isEqualTo(2);
        }
    }

    @Test
    void bookings_count_against_the_daily_cap_and_a_push_beyond_it_is_refused() {
        try (TestHall hall = TestHall.start(dir)) {
            // "morning" takes 2 tickets a day
            assertThat(book(hall, entry("CAP0001", "morning", "10:00", "10:30")).status()).isEqualTo(200);
            assertThat(hall.issue("morning", "m1").status()).isEqualTo(201);
            Http.Resp full = hall.issue("morning", "m2");
            assertThat(full.text("type")).isEqualTo("urn:qms:problem:service-full");
            assertThat(full.text("detail")).contains("1 of them booked by appointment");
            var kiosk = hall.http().get("/api/v1/services", null).body().path("services");
            for (var s : kiosk) {
                if (s.path("code").asText().equals("morning")) {
                    assertThat(s.path("closedReason").asText()).isEqualTo("full");
                }
            }
            assertThat(checkIn(hall, "CAP0001", "c1").status()).isEqualTo(201);

            Http.Resp over = book(hall, entry("CAP0002", "morning", "11:00", "11:30"));
            assertThat(over.text("type")).isEqualTo("urn:qms:problem:service-full");
            assertThat(state(hall, "CAP0002")).isNull();
        }
    }

    @Test
    void bad_bookings_are_refused_each_with_its_path_and_nothing_is_kept() {
        try (TestHall hall = TestHall.start(dir)) {
            Http.Resp r = book(hall, "{\"code\":\"FULL001\",\"service\":\"id-card\",\"from\":\"10:00\",\"to\":\"10:30\","
                    + "\"phone\":\"13812345678\"},"
                    + entry("BADTIME", "id-card", "10:60", "10:30") + ","
                    + entry("BACKWRD", "id-card", "11:00", "10:30") + ","
                    + entry("NOSVC01", "passport", "10:00", "10:30") + ","
                    + entry("DUP0001", "id-card", "10:00", "10:30") + "," + entry("DUP0001", "id-card", "10:00", "10:30") + ","
                    + "{\"service\":\"id-card\",\"from\":\"10:00\",\"to\":\"10:30\"}");
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.text("type")).isEqualTo("urn:qms:problem:appointments-invalid");
            assertThat(r.body().path("errors").toString()).contains(
                    "appointments[0].phone: must be masked", "appointments[1].from: must be a time",
                    "appointments[2].to: must be after from", "appointments[3].service: no service 'passport'",
                    "appointments[5].code: 'DUP0001' appears twice", "appointments[6].code: required")
                    .doesNotContain("13812345678");
            assertThat(hall.http().put("/api/v1/appointments", "{\"day\":\"27/11\",\"appointments\":[]}", TestHall.ADMIN)
                    .text("detail")).contains("day: must be a date");
            Http.Resp id = book(hall, "{\"code\":\"ID00001\",\"service\":\"id-card\",\"from\":\"10:00\",\"to\":\"10:30\","
                    + "\"phone\":\"11010519491231002X\"}");
            assertThat(id.text("type")).isEqualTo("urn:qms:problem:personal-id-refused");
            assertThat(hall.http().put("/api/v1/appointments", "{}", null).status()).isEqualTo(401);
            assertThat(hall.http().get("/api/v1/appointments?day=" + DAY, TestHall.ADMIN).body().path("appointments"))
                    .isEmpty();
            assertThat(hall.events("appointment.booked")).isEmpty();
        }
    }

    @Test
    void the_station_pushes_with_its_token_and_the_admin_adds_one_with_a_made_code() {
        try (TestHall hall = TestHall.start(dir)) {
            Http.Resp pushed = hall.http().put("/api/v1/sync/appointments", "{\"v\":1,\"day\":\"" + DAY
                    + "\",\"appointments\":[" + entry("STN0001", "household", "10:00", "10:30") + "]}", TestHall.SYNC);
            assertThat(pushed.status()).isEqualTo(200);
            assertThat(pushed.body().path("booked").asInt()).isEqualTo(1);

            Http.Resp added = hall.http().post("/api/v1/appointments", "{\"day\":\"" + DAY
                    + "\",\"service\":\"id-card\",\"from\":\"10:00\",\"to\":\"10:30\",\"phone\":\"139****0000\"}", TestHall.ADMIN);
            assertThat(added.status()).isEqualTo(201);
            assertThat(added.text("code")).matches("[A-Z2-9]{8}");
            assertThat(checkIn(hall, added.text("code").toLowerCase(), "a1").text("priority")).isEqualTo("appointment");
            assertThat(hall.events("appointment.booked")).allSatisfy(e -> assertThat(e.has("phone")).isFalse());
        }
    }
}
