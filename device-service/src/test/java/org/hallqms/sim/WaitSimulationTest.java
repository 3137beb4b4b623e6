package org.hallqms.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kiosk's estimated waits against the waits a simulated short morning really gave. */
class WaitSimulationTest {
    @Test
    void a_short_simulated_morning_keeps_the_promised_wait_within_a_few_minutes_of_the_real_one() {
        WaitSimulation.Result r = WaitSimulation.run(WaitSimulation.Options.shortDay(20261127));
        System.out.print(WaitSimulation.table(r));
        System.out.printf("short day: %d tickets, %d never called%n", r.issued(), r.neverCalled());
        assertThat(r.issued()).isGreaterThan(30);
        assertThat(r.all().n()).isEqualTo(r.issued() - r.neverCalled());
        // the estimator that counted only the ticket's own queue was 13.6 minutes off on this morning
        assertThat(r.all().mae()).isLessThan(7.0).isLessThan(r.all().meanWait() / 3);
        assertThat(Math.abs(r.all().bias())).isLessThan(3.0);
    }
}
