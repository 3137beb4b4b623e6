package org.hallqms.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hallqms.support.FakePrinter;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kiosk box and window buttons on Pi4J's mock platform, with a loopback fake printer. */
class KioskGpioTest {
    @TempDir
    Path dir;
    private FakePrinter printer;
    private TestHall hall;
    private Context pi;

    @AfterEach
    void stop() throws Exception {
        if (hall != null) {
            hall.close();
        }
        if (printer != null) {
            printer.close();
        }
    }

    private void start(String... more) throws Exception {
        printer = new FakePrinter();
        String[] base = {"QMS_GPIO_PLATFORM", "mock", "QMS_GPIO_BUTTONS", "id-card:17,household:27",
                "QMS_GPIO_READY_LAMP", "5", "QMS_GPIO_FAULT_LAMP", "6", "QMS_GPIO_BUZZER", "13",
                "QMS_GPIO_NEXT_BUTTONS", "1:22", "QMS_GPIO_EVALUATORS", "1:19/20/21/23/24",
                "QMS_GPIO_EVALUATOR_BAD_REASON", "attitude", "QMS_PRINTER", printer.url()};
        String[] env = new String[base.length + more.length];
        System.arraycopy(base, 0, env, 0, base.length);
        System.arraycopy(more, 0, env, base.length, more.length);
        hall = TestHall.start(dir, env);
        pi = hall.hall().gpio().orElseThrow().context();
    }

    private void press(String id) {
        MockDigitalInput in = pi.io(id);
        in.mockState(DigitalState.LOW);
        in.mockState(DigitalState.HIGH);
    }

    private boolean lit(String id) {
        return pi.<DigitalOutput>io(id).isHigh();
    }

    private int tickets() {
        return hall.events("ticket.issued").size();
    }

    @Test
    void a_press_issues_exactly_one_ticket_and_prints_it() throws Exception {
        start();
        await().atMost(Duration.ofSeconds(60)).until(() -> lit("lamp-ready"));
        assertThat(lit("lamp-fault")).isFalse();

        press("button-id-card");

        await().atMost(Duration.ofSeconds(60)).until(() -> printer.jobs().size() == 1);
        assertThat(tickets()).isEqualTo(1);
        assertThat(hall.events("ticket.issued").get(0).path("channel").asText()).isEqualTo("button");
        assertThat(hall.events("ticket.issued").get(0).path("number").asText()).isEqualTo("A001");
    }

    @Test
    void twenty_bounces_within_the_debounce_time_and_a_held_button_issue_one_ticket_each() throws Exception {
        start("QMS_GPIO_DEBOUNCE_MS", "2000");
        MockDigitalInput b = pi.io("button-id-card");
        for (int i = 0; i < 20; i++) {
            b.mockState(DigitalState.LOW);
            b.mockState(DigitalState.HIGH);
        }
        MockDigitalInput held = pi.io("button-household");
        held.mockState(DigitalState.LOW); // and kept down

        await().atMost(Duration.ofSeconds(60)).until(() -> printer.jobs().size() == 2);
        assertThat(tickets()).isEqualTo(2);
        assertThat(hall.events("ticket.issued")).extracting(e -> e.path("service").asText())
                .containsExactlyInAnyOrder("id-card", "household");
        held.mockState(DigitalState.HIGH);
    }

    @Test
    void a_press_while_the_printer_is_out_of_paper_lights_the_fault_lamp_and_issues_nothing() throws Exception {
        start();
        printer.paperOut(true);

        press("button-id-card");

        await().atMost(Duration.ofSeconds(60)).until(() -> lit("lamp-fault") && !lit("lamp-ready"));
        // the press itself was refused with the buzzer, not just overtaken by the status poll
        await().atMost(Duration.ofSeconds(60)).until(() -> hall.hall().gpio().orElseThrow().refused() == 1);
        assertThat(tickets()).isZero();
        assertThat(printer.jobs()).isEmpty();

        printer.paperOut(false);
        await().atMost(Duration.ofSeconds(60)).until(() -> !lit("lamp-fault") && lit("lamp-ready"));
        press("button-household");
        await().atMost(Duration.ofSeconds(60)).until(() -> tickets() == 1);
    }

    @Test
    void with_the_issue_policy_a_press_without_paper_still_gives_a_ticket_for_the_screen() throws Exception {
        start("QMS_GPIO_PRINTER_DOWN", "issue");
        printer.paperOut(true);

        press("button-id-card");

        await().atMost(Duration.ofSeconds(60)).until(() -> tickets() == 1);
        assertThat(printer.jobs()).isEmpty();
        await().atMost(Duration.ofSeconds(60)).until(() -> lit("lamp-fault"));
    }

    @Test
    void the_button_evaluator_and_next_button_follow_the_same_rules_as_their_mqtt_siblings() throws Exception {
        start();
        String token = hall.login("1", "510001");
        hall.issue("id-card", "a");
        hall.issue("id-card", "b");

        press("next-1"); // the window's own "next" button calls for the officer logged in
        await().atMost(Duration.ofSeconds(60)).until(() -> hall.events("ticket.called").size() == 1);
        hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
        press("evaluator-1-4");
        await().atMost(Duration.ofSeconds(60)).until(() -> hall.events("rating.recorded").size() == 1);
        assertThat(hall.events("rating.recorded").get(0).path("level").asInt()).isEqualTo(4);
        assertThat(hall.events("rating.recorded").get(0).path("officer").asText()).isEqualTo("510001");

        // a second press has no open session: refused with the buzzer, nothing recorded
        long refusedBefore = hall.hall().gpio().orElseThrow().refused();
        press("evaluator-1-5");
        await().atMost(Duration.ofSeconds(60)).until(() -> hall.hall().gpio().orElseThrow().refused() == refusedBefore + 1);
        assertThat(hall.events("rating.recorded")).hasSize(1);

        press("next-1");
        await().atMost(Duration.ofSeconds(60)).until(() -> hall.events("ticket.called").size() == 2);
        hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
        press("evaluator-1-1");
        await().atMost(Duration.ofSeconds(60)).until(() -> hall.events("rating.recorded").size() == 2);
        assertThat(hall.events("rating.recorded").get(1).path("reasons").toString()).isEqualTo("[\"attitude\"]");
    }

    @Test
    void pins_configured_on_a_machine_without_gpio_stop_the_start_unless_the_mock_is_chosen() {
        Assumptions.assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "this machine has GPIO");
        assertThatThrownBy(() -> TestHall.start(dir, "QMS_GPIO_BUTTONS", "id-card:17"))
                .isInstanceOf(KioskGpio.GpioUnavailable.class)
                .hasMessage("QMS_GPIO_* pins are configured but this machine has no GPIO (/dev/gpiochip0); run it on "
                        + "the board, or set QMS_GPIO_PLATFORM=mock to try the configuration without hardware");
    }
}
