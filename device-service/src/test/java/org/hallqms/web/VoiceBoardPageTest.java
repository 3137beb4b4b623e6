package org.hallqms.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hallqms.support.Browser;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The board page says calls with the hall's clips (headless Chromium has no speech voices at all), or with the
 * browser's voice when the hall asks for it; and the wall and admin page as a hall sees them, in Chinese.
 */
class VoiceBoardPageTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static String text(Browser b, String css) {
        return (String) b.js("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> voice(Browser b) {
        return (Map<String, Object>) b.js("const v = window.qmsBoard.voice; return Object.assign({}, v, {log: v.log.slice()})");
    }

    private static long count(Browser b, String what) {
        return ((Number) voice(b).get(what)).longValue();
    }

    private static String base(TestHall hall) {
        return "http://127.0.0.1:" + hall.hall().httpPort();
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_board_plays_each_calls_clips_after_the_chime_one_after_another_never_cutting_one_off() {
        try (TestHall hall = TestHall.start(dir);
             Browser board = new Browser(1920, 1080)) {
            board.driver.get(base(hall) + "/board");
            await().atMost(WAIT).until(() -> text(board, "#counters").contains("1号窗口"));
            assertThat(board.js("return window.speechSynthesis ? speechSynthesis.getVoices().length : 0"))
                    .as("no speech voices in headless Chromium").isEqualTo(0L);
            hall.issue("id-card", "r1");
            hall.issue("id-card", "r2");
            hall.act("1", hall.login("1", "510001"), "call-next");
            hall.act("2", hall.login("2", "510002"), "call-next");

            await().atMost(WAIT).until(() -> count(board, "ended") == 2);
            Map<String, Object> v = voice(board);
            assertThat(v.get("log")).isEqualTo(List.of("started A001", "ended A001", "started A002", "ended A002"));
            assertThat(v).containsEntry("mode", "clips").containsEntry("fetched", 2L).containsEntry("decoded", 2L)
                    .containsEntry("started", 2L).containsEntry("failed", 0L).containsEntry("synthesised", 0L);
            assertThat((List<Object>) board.js("return window.qmsBoard.speech.spoken.slice()"))
                    .containsExactly("请A001号到1号窗口办理", "请A002号到2号窗口办理");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void with_QMS_VOICE_browser_the_board_speaks_with_the_browsers_own_voice_as_before() {
        try (TestHall hall = TestHall.start(dir, "QMS_VOICE", "browser");
             Browser board = new Browser(1920, 1080)) {
            board.driver.get(base(hall) + "/board");
            await().atMost(WAIT).until(() -> text(board, "#counters").contains("1号窗口"));
            hall.issue("id-card", "r1");
            String token = hall.login("1", "510001");
            hall.act("1", token, "call-next");
            await().atMost(WAIT).until(() -> count(board, "synthesised") == 1);
            hall.act("1", token, "recall");
            await().atMost(WAIT).until(() -> count(board, "synthesised") == 2);
            assertThat((List<Object>) board.js("return window.qmsBoard.speech.spoken.slice()"))
                    .containsExactly("请A001号到1号窗口办理", "再次呼叫，请A001号到1号窗口办理");
            assertThat(voice(board)).containsEntry("mode", "browser").containsEntry("fetched", 0L)
                    .containsEntry("started", 0L);
        }
    }

    @Test
    void the_wall_fills_1080p_with_eight_calls_and_the_admin_page_speaks_chinese() throws Exception {
        try (TestHall hall = TestHall.start(dir);
             Browser board = new Browser(1920, 1080);
             Browser admin = new Browser(1366, 768)) {
            String notice = "请保管好您的号票，过号请重新取号；办理户口迁移请携带户口簿和居民身份证，"
                    + "材料不齐请到咨询台领取一次性告知单；请勿在大厅内吸烟，谢谢合作";
            String catalog = Files.readString(dir.resolve("catalog.json")).replace("过号请重新取号", notice);
            assertThat(hall.http().put("/api/v1/catalog", catalog, TestHall.ADMIN).status()).isEqualTo(200);
            board.driver.get(base(hall) + "/board");
            board.js("document.getElementById('sound').click()"); // eight sentences would take a minute to say
            await().atMost(WAIT).until(() -> text(board, "#counters").contains("4号窗口"));
            for (int i = 1; i <= 10; i++) {
                hall.issue(i % 3 == 0 ? "household" : "id-card", "r" + i);
            }
            String[] tokens = {hall.login("1", "510001"), hall.login("2", "510002"), hall.login("3", "510003"),
                    hall.login("4", "510004")};
            for (int round = 0; round < 3; round++) {
                for (int c = 1; c <= 4; c++) {
                    if (round > 0) {
                        hall.act(Integer.toString(c), tokens[c - 1], "start");
                        hall.act(Integer.toString(c), tokens[c - 1], "finish", "{\"outcome\":\"done\"}");
                    }
                    hall.act(Integer.toString(c), tokens[c - 1], "call-next");
                }
            }
            hall.act("2", tokens[1], "start");
            hall.act("4", tokens[3], "pause", "{\"reason\":\"午休\"}");
            await().atMost(WAIT).until(() -> ((Number) board.js("return document.querySelectorAll('#calls .call').length"))
                    .intValue() == 8);
            await().atMost(WAIT).until(() -> text(board, "tr[data-counter='2'] .state").equals("办理中"));
            await().atMost(WAIT).until(() -> (Boolean) board.js("return document.getElementById('notice').classList.contains('scroll')"));
            // the hall's day and time (the service's clock, in its zone), not the TV's
            await().atMost(WAIT).until(() -> text(board, "#date").startsWith("2026年11月27日星期五"));
            assertThat(text(board, "#time")).matches("10:0\\d:\\d{2}");
            // filled to the bottom: the notice sits on the screen's lower edge and nothing spills past it
            assertThat(((Number) board.js("return Math.round(document.querySelector('footer.ticker').getBoundingClientRect().bottom)"))
                    .intValue()).isEqualTo(1080);
            assertThat(((Number) board.js("return document.documentElement.scrollHeight")).intValue()).isEqualTo(1080);
            assertThat(((Number) board.js("return Math.round(document.querySelector('#waitingPanel').getBoundingClientRect().bottom)"))
                    .intValue()).isGreaterThan(950);
            for (String id : List.of("1", "2", "3", "4")) {
                assertThat(text(board, "tr[data-counter='" + id + "'] .state")).isIn("呼叫中", "办理中", "暂停中", "空闲", "未开窗");
            }
            board.screenshot("board-8-calls-1920x1080");

            admin.driver.get(base(hall) + "/admin");
            admin.driver.findElement(By.id("token")).sendKeys(TestHall.ADMIN);
            admin.driver.findElement(By.cssSelector("#auth button[type=submit]")).click();
            await().atMost(WAIT).until(() -> text(admin, "#queue").contains("居民身份证"));
            await().atMost(WAIT).until(() -> text(admin, "tr[data-counter='4'] .state").startsWith("暂停中"));
            String page = text(admin, "#panels");
            assertThat(text(admin, "#queue")).contains("户口迁移", "证明开具").doesNotContain("id-card", "household");
            assertThat(text(admin, "#counterRows")).contains("办理中", "呼叫中").doesNotContainPattern("\\b(open|closed|paused)\\b");
            assertThat(text(admin, "#devices")).contains("窗口屏", "评价器", "未上线").doesNotContain("window-screen", "unknown");
            admin.screenshot("admin-zh-1366x768");
            admin.js("document.getElementById('devices').scrollIntoView()");
            admin.screenshot("admin-zh-devices-1366x768");
            assertThat(page).isNotEmpty();
        }
        assertThat(Files.size(Browser.SHOTS.resolve("board-8-calls-1920x1080.png"))).isGreaterThan(10_000);
    }
}
