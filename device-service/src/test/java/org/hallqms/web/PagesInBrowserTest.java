package org.hallqms.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hallqms.support.Browser;
import org.hallqms.support.FreePort;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** The kiosk, a window's console, the wall board and the admin page, used as people use them, in Chromium. */
class PagesInBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /**
     * Read in one script, so a page that redraws between finding and reading (the board does on every event)
     * cannot hand the test a stale element.
     */
    private static String text(Browser b, String css) {
        return (String) b.js("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
    }

    private static boolean shown(Browser b, String css) {
        return (Boolean) b.js("const e = document.querySelector(arguments[0]); "
                + "return !!e && !e.closest('[hidden]') && e.getClientRects().length > 0", css);
    }

    @SuppressWarnings("unchecked")
    private static List<String> spoken(Browser board) {
        return (List<String>) board.js("return window.qmsBoard ? window.qmsBoard.speech.spoken.slice() : []");
    }

    private static void login(Browser b, String base, String counter, String officer) {
        b.driver.get(base + "/counter/" + counter);
        await().atMost(WAIT).until(() -> shown(b, "#officer"));
        b.driver.findElement(By.id("officer")).sendKeys(officer);
        b.driver.findElement(By.id("pin")).sendKeys(TestHall.PIN);
        b.driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        await().atMost(WAIT).until(() -> shown(b, "#desk"));
    }

    @Test
    void a_citizen_and_an_officer_go_through_kiosk_console_board_and_admin() throws Exception {
        try (TestHall hall = TestHall.start(dir);
             Browser board = new Browser(1920, 1080);
             Browser desk = new Browser(800, 1280)) {
            String base = "http://127.0.0.1:" + hall.hall().httpPort();
            board.driver.get(base + "/board");
            await().atMost(WAIT).until(() -> text(board, "#counters").contains("1号窗口"));

            // the kiosk: a press shows the ticket with its checklist and QR code
            desk.driver.get(base + "/kiosk");
            await().atMost(WAIT).until(() -> shown(desk, "button[data-service='id-card']"));
            desk.screenshot("kiosk-800x1280");
            WebElement idCard = desk.driver.findElement(By.cssSelector("button[data-service='id-card']"));
            assertThat(idCard.getText()).contains("居民身份证", "等候 0 人");
            idCard.click();
            await().atMost(WAIT).until(() -> shown(desk, "#ticketNumber"));
            assertThat(text(desk, "#ticketNumber")).isEqualTo("A001");
            assertThat(text(desk, "#materials")).contains("户口簿", "本人到场");
            // the slip and its QR code come in one render, but the image is a second request: wait for it to load
            await().atMost(WAIT).until(() -> (Boolean) desk.js(
                    "const i = document.querySelector('#ticket img'); return i.complete && i.naturalWidth > 0"));
            desk.screenshot("kiosk-ticket-800x1280");
            assertThat(hall.events("ticket.issued")).hasSize(1);

            // the window's console, driven with the F-keys officers use all day
            desk.size(1366, 768);
            login(desk, base, "1", "510001");
            await().atMost(WAIT).until(() -> text(desk, "#waiting").contains("A001"));
            new Actions(desk.driver).sendKeys(Keys.F1).perform();
            await().atMost(WAIT).until(() -> text(desk, "#number").equals("A001"));

            // the board shows the call and queues it to be spoken
            await().atMost(WAIT).until(() -> text(board, "#calls .newest").contains("A001"));
            await().atMost(WAIT).until(() -> spoken(board).contains("请A001号到1号窗口办理"));
            assertThat(text(board, "tr[data-counter='1'] .current")).isEqualTo("A001");
            desk.driver.findElement(By.id("recall")).click();
            await().atMost(WAIT).until(() -> spoken(board).contains("再次呼叫，请A001号到1号窗口办理"));
            board.screenshot("board-1920x1080");

            new Actions(desk.driver).sendKeys(Keys.F3).perform();
            await().atMost(WAIT).until(() -> text(desk, "#ticketState").contains("办理中"));
            desk.screenshot("counter-1366x768");
            new Actions(desk.driver).sendKeys(Keys.F4).perform();
            await().atMost(WAIT).until(() -> text(desk, "#number").equals("—"));
            await().atMost(WAIT).until(() -> text(desk, "#rating").contains("A001"));
            // the citizen presses 5 on the evaluator: the officer sees it
            var ratings = hall.hall().ratings();
            String session = ratings.openSessions().get(0).id();
            ratings.rate(new org.hallqms.rating.Rate("eval-1", session, 5, java.util.List.of(), "m1"), tx -> { });
            await().atMost(WAIT).until(() -> text(desk, "#rating").contains("(5)"));

            // the admin page counts it
            desk.driver.get(base + "/admin");
            await().atMost(WAIT).until(() -> shown(desk, "#token"));
            desk.driver.findElement(By.id("token")).sendKeys(TestHall.ADMIN);
            desk.driver.findElement(By.cssSelector("#auth button[type=submit]")).click();
            await().atMost(WAIT).until(() -> text(desk, "#fig-done").endsWith("1"));
            assertThat(text(desk, "#fig-issued")).endsWith("1");
            hall.issue("id-card", "after");
            await().atMost(WAIT).until(() -> text(desk, "#fig-issued").endsWith("2"));
            desk.screenshot("admin-1366x768");
        }
        assertThat(Files.size(Browser.SHOTS.resolve("board-1920x1080.png"))).isGreaterThan(10_000);
    }

    @Test
    void the_board_reconnects_after_the_service_restarts_and_shows_what_happened_meanwhile() {
        int port = FreePort.find();
        try (TestHall hall = TestHall.start(dir, "QMS_HTTP_PORT", Integer.toString(port));
             Browser board = new Browser(1920, 1080)) {
            hall.issue("id-card", "a");
            hall.issue("id-card", "b");
            String token = hall.login("1", "510001");
            board.driver.get("http://127.0.0.1:" + port + "/board");
            await().atMost(WAIT).until(() -> text(board, "#counters").contains("1号窗口"));
            hall.act("1", token, "call-next");
            await().atMost(WAIT).until(() -> text(board, "tr[data-counter='1'] .current").equals("A001"));

            hall.restart();
            // straight after the start, before the board is back: its snapshot must bring this
            hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
            hall.act("1", token, "call-next");
            await().atMost(WAIT).until(() -> text(board, "tr[data-counter='1'] .current").equals("A002"));
            await().atMost(WAIT).until(() -> !shown(board, "#offline"));
            assertThat(text(board, "#calls .newest")).contains("A002");
            // said once, whether it came live or as a replay after the reconnection
            await().atMost(WAIT).until(() -> spoken(board).contains("请A002号到1号窗口办理"));
            assertThat(spoken(board).stream().filter(x -> x.equals("请A002号到1号窗口办理"))).hasSize(1);
            assertThat((String) board.js("return QMS.liveLog.join(',')")).contains("error");
        }
    }

    @Test
    void a_service_name_with_html_in_it_is_shown_as_text_on_every_page() throws Exception {
        try (TestHall hall = TestHall.start(dir);
             Browser b = new Browser(1366, 768)) {
            String evil = "<img src=x onerror=pwned=1>证明";
            String catalog = Files.readString(dir.resolve("catalog.json")).replace("\"证明开具\"", "\"" + evil + "\"");
            assertThat(hall.http().put("/api/v1/catalog", catalog, TestHall.ADMIN).status()).isEqualTo(200);
            String shown = evil;
            String base = "http://127.0.0.1:" + hall.hall().httpPort();
            hall.issue("certificate", "c1");

            b.driver.get(base + "/kiosk");
            await().atMost(WAIT).until(() -> text(b, "button[data-service='certificate']").contains(shown));
            b.driver.get(base + "/board");
            await().atMost(WAIT).until(() -> text(b, "tr[data-service='certificate']").contains(shown));
            login(b, base, "2", "510002");
            new Actions(b.driver).sendKeys(Keys.F1).perform();
            await().atMost(WAIT).until(() -> text(b, "#number").equals("C001"));
            b.driver.findElement(By.id("transfer")).click();
            await().atMost(WAIT).until(() -> text(b, "#toService").contains(shown));
            b.driver.get(base + "/admin");
            b.driver.findElement(By.id("token")).sendKeys(TestHall.ADMIN);
            b.driver.findElement(By.cssSelector("#auth button[type=submit]")).click();
            await().atMost(WAIT).until(() -> text(b, "#catalog").contains(shown));
            assertThat(b.js("return window.pwned === undefined && document.querySelectorAll('img[src=x]').length === 0"))
                    .isEqualTo(true);
        }
    }

    @Test
    void every_control_is_reached_by_the_keyboard_with_a_visible_focus_ring() {
        try (TestHall hall = TestHall.start(dir);
             Browser b = new Browser(800, 1280)) {
            b.driver.get("http://127.0.0.1:" + hall.hall().httpPort() + "/kiosk");
            await().atMost(WAIT).until(() -> shown(b, "button[data-service='id-card']"));
            // Tab from the top: the language switch, then each service, then the extra buttons
            new Actions(b.driver).sendKeys(Keys.TAB).perform();
            assertThat(b.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("lang");
            new Actions(b.driver).sendKeys(Keys.TAB).perform();
            WebElement first = b.driver.switchTo().activeElement();
            assertThat(first.getAttribute("data-service")).isEqualTo("id-card");
            assertThat(first.getCssValue("outline-style")).isEqualTo("solid");
            new Actions(b.driver).sendKeys(Keys.ENTER).perform();
            await().atMost(WAIT).until(() -> shown(b, "#ticketNumber"));
            assertThat(b.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("back");
            // English for visitors
            new Actions(b.driver).sendKeys(Keys.ENTER).perform();
            await().atMost(WAIT).until(() -> shown(b, "button[data-service='id-card']"));
            b.driver.findElement(By.id("lang")).click();
            await().atMost(WAIT).until(() -> text(b, "button[data-service='id-card']").contains("ID card"));
        }
    }

    @Test
    void a_double_tap_gives_one_ticket_and_an_incomplete_finish_from_the_checklist_shows_the_notice()
            throws Exception {
        try (TestHall hall = TestHall.start(dir);
             Browser b = new Browser(800, 1280)) {
            String base = "http://127.0.0.1:" + hall.hall().httpPort();
            b.driver.get(base + "/kiosk");
            await().atMost(WAIT).until(() -> shown(b, "button[data-service='household']"));
            WebElement household = b.driver.findElement(By.cssSelector("button[data-service='household']"));
            new Actions(b.driver).doubleClick(household).perform();
            await().atMost(WAIT).until(() -> shown(b, "#ticketNumber"));
            assertThat(text(b, "#ticketNumber")).isEqualTo("B001");
            assertThat(hall.events("ticket.issued")).hasSize(1);

            b.size(1366, 768);
            login(b, base, "4", "510004");
            new Actions(b.driver).sendKeys(Keys.F1).perform();
            await().atMost(WAIT).until(() -> text(b, "#number").equals("B001"));
            new Actions(b.driver).sendKeys(Keys.F5).perform();
            await().atMost(WAIT).until(() -> shown(b, "#incompleteDialog"));
            b.driver.findElement(By.cssSelector("#materials input[value='户口簿']")).click();
            b.driver.findElement(By.id("incOk")).click();
            await().atMost(WAIT).until(() -> shown(b, "#notice"));
            assertThat(text(b, "#notice")).contains("一次性告知单", "B001", "户口簿", "30 分钟");
            assertThat(hall.events("ticket.finished").get(0).path("missing").get(0).asText()).isEqualTo("户口簿");
            b.screenshot("counter-notice-1366x768");
        }
    }
}
