package org.hallqms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WholeValuesTest {
    @Test
    void whole_numbers_lose_the_clients_decimal_point_and_everything_else_passes_unchanged() {
        String client = """
                # HELP qms_tickets Tickets 1.0 of the day
                # TYPE qms_tickets gauge
                qms_tickets{service="a b} 2.0",state="waiting"} 3.0
                qms_event_log_head 1.2345678E7
                qms_x -1.0
                qms_y 0.5
                qms_z NaN
                qms_w +Inf
                """;
        assertThat(WholeValues.of(client)).isEqualTo("""
                # HELP qms_tickets Tickets 1.0 of the day
                # TYPE qms_tickets gauge
                qms_tickets{service="a b} 2.0",state="waiting"} 3
                qms_event_log_head 12345678
                qms_x -1
                qms_y 0.5
                qms_z NaN
                qms_w +Inf
                """);
    }
}
