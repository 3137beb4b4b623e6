package org.hallqms.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 办不成事: why a matter could not be done, from the catalogue's list, on the 告知单 and in the statistics. */
class IncompleteReasonTest {
    @TempDir
    Path dir;

    @Test
    void an_incomplete_finish_records_its_reason_and_the_notice_says_it() {
        try (TestHall hall = TestHall.start(dir)) {
            for (int i = 0; i < 3; i++) {
                hall.issue("id-card", "r" + i);
            }
            String t = hall.login("1", "510001");
            hall.act("1", t, "call-next");
            Http.Resp policy = hall.act("1", t, "finish", "{\"outcome\":\"incomplete\",\"reason\":\"policy\",\"note\":\"非本辖区户籍\"}");
            assertThat(policy.status()).isEqualTo(200);
            assertThat(policy.body().path("notice").path("reasonName").asText()).isEqualTo("政策不允许");
            assertThat(policy.body().path("notice").path("missing")).isEmpty();

            hall.act("1", t, "call-next");
            Http.Resp missing = hall.act("1", t, "finish", "{\"outcome\":\"incomplete\",\"missing\":[\"户口簿\"]}");
            assertThat(missing.body().path("notice").path("reason").asText()).isEqualTo("missing-material");
            assertThat(missing.body().path("notice").has("reasonName")).isFalse();

            hall.act("1", t, "call-next");
            hall.act("1", t, "finish", "{\"outcome\":\"incomplete\",\"reason\":\"system-down\"}");

            assertThat(hall.events("ticket.finished")).extracting(e -> e.path("reason").asText())
                    .containsExactly("policy", "missing-material", "system-down");
            var stats = hall.http().get("/api/v1/stats", TestHall.ADMIN).body();
            assertThat(stats.path("incompleteByReason").toString())
                    .isEqualTo("{\"missing-material\":1,\"policy\":1,\"system-down\":1}");
            assertThat(stats.path("incompleteByMaterial").path("户口簿").asInt()).isEqualTo(1);
        }
    }

    @Test
    void reasons_that_do_not_fit_the_outcome_or_the_list_are_refused_and_the_ticket_stays_current() {
        try (TestHall hall = TestHall.start(dir)) {
            hall.issue("id-card", "a");
            String t = hall.login("1", "510001");
            hall.act("1", t, "call-next");
            for (String body : new String[] {
                    "{\"outcome\":\"incomplete\"}",
                    "{\"outcome\":\"incomplete\",\"reason\":\"weather\"}",
                    "{\"outcome\":\"incomplete\",\"reason\":\"missing-material\"}",
                    "{\"outcome\":\"done\",\"reason\":\"policy\"}",
                    "{\"outcome\":\"incomplete\",\"reason\":\"Policy!\"}"}) {
                Http.Resp r = hall.act("1", t, "finish", body);
                assertThat(r.status()).as(body).isEqualTo(400);
            }
            assertThat(hall.act("1", t, "finish", "{\"outcome\":\"incomplete\",\"reason\":\"weather\"}").text("detail"))
                    .contains("missing-material, policy, system-down, other");
            assertThat(hall.http().get("/api/v1/counters/1", null).body().path("ticket").path("state").asText())
                    .isEqualTo("called");
        }
    }
}
