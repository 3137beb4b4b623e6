package org.hallqms.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.hallqms.support.Browser;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The admin page lists unanswered cases; the citizen's phone shows the reply, in Chromium. */
class CasePagesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static String text(Browser b, String css) {
        return (String) b.js("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
    }

    @Test
    void the_admin_page_lists_the_open_case_and_the_tickets_page_shows_the_reply_as_text() {
        try (TestHall hall = TestHall.start(dir);
             Browser b = new Browser(1366, 768)) {
            String ticket = CaseAnswerTest.badRating(hall, "a");
            String base = "http://127.0.0.1:" + hall.hall().httpPort();
            b.driver.get(base + "/admin");
            await().atMost(WAIT).until(() -> b.driver.findElements(By.id("token")).stream().anyMatch(e -> e.isDisplayed()));
            b.driver.findElement(By.id("token")).sendKeys(TestHall.ADMIN);
            b.driver.findElement(By.cssSelector("#auth button[type=submit]")).click();
            await().atMost(WAIT).until(() -> text(b, "tr[data-case='C20261127-001']").contains("待回访"));
            assertThat(text(b, "tr[data-case='C20261127-001']")).contains("差评", "A001");
            assertThat(text(b, "#fig-cases-open")).endsWith("1");
            b.screenshot("admin-cases-1366x768");

            String reply = "已核实，<script>alert(1)</script> 谢谢监督";
            assertThat(hall.http().post("/api/v1/cases/C20261127-001/resolve",
                    "{\"reply\":\"" + reply.replace("\"", "\\\"") + "\"}", TestHall.ADMIN).status()).isEqualTo(200);
            b.driver.get(base + "/t/" + ticket);
            await().atMost(WAIT).until(() -> text(b, ".reply").contains("谢谢监督"));
            assertThat(text(b, ".reply h2")).startsWith("答复");
            assertThat(text(b, ".reply p")).isEqualTo(reply);
            assertThat(b.js("return document.querySelectorAll('.reply script').length")).isEqualTo(0L);
            b.screenshot("ticket-reply-390x844");
        }
    }
}
