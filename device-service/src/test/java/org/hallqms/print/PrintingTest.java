package org.hallqms.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hallqms.store.Json;
import org.hallqms.support.EscPosDecoder;
import org.hallqms.support.FakePrinter;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tickets and 告知单 on a network printer (a loopback fake that captures the bytes and answers DLE EOT). */
class PrintingTest {
    @TempDir
    Path dir;
    private FakePrinter printer;
    private FakePrinter window;
    private TestHall hall;

    @AfterEach
    void stop() throws Exception {
        if (hall != null) {
            hall.close();
        }
        if (printer != null) {
            printer.close();
        }
        if (window != null) {
            window.close();
        }
    }

    private void start(String... more) throws Exception {
        printer = new FakePrinter();
        window = new FakePrinter();
        String[] env = new String[more.length + 6];
        env[0] = "QMS_PRINTER";
        env[1] = printer.url();
        env[2] = "QMS_COUNTER_PRINTERS";
        env[3] = "1=" + window.url();
        env[4] = "QMS_PUBLIC_URL";
        env[5] = "http://10.0.0.5:8080";
        System.arraycopy(more, 0, env, 6, more.length);
        hall = TestHall.start(dir, env);
    }

    @ParameterizedTest(name = "{0} mm")
    @ValueSource(ints = {80, 58})
    void a_kiosk_ticket_prints_number_service_wait_materials_notice_and_a_qr_to_its_page(int mm) throws Exception {
        start("QMS_PRINTER_PAPER_MM", Integer.toString(mm));
        hall.issue("id-card", "before");
        Http.Resp r = hall.issue("id-card", "k1");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().path("printed").asBoolean()).isTrue();
        assertThat(r.body().path("printer").asText()).isEqualTo("ok");
        String id = r.text("id");
        assertThat(r.text("statusUrl")).isEqualTo("http://10.0.0.5:8080/t/" + id);
        EscPosDecoder.Job job = EscPosDecoder.decode(job(printer, 1));
        assertThat(job.initialised()).isTrue();
        assertThat(job.lines()).contains(new EscPosDecoder.Line("A002", 4, 4), new EscPosDecoder.Line("居民身份证", 2, 2));
        assertThat(job.texts()).contains("测试大厅", "前面还有 1 人", "□ 户口簿", "□ 本人到场", "过号请重新取号", "扫码查看排队进度");
        assertThat(job.all()).contains("请备齐以下材料（一次性告知）：").contains("取号时间 2026-11-27 10:00");
        assertThat(job.qr()).containsExactly("http://10.0.0.5:8080/t/" + id);
        assertThat(job.cuts()).isEqualTo(1);
        int columns = mm == 58 ? 32 : 48;
        assertThat(job.texts()).contains("-".repeat(columns));
        // a repeated press (same request id) is the same ticket, and is not printed twice
        assertThat(hall.issue("id-card", "k1").status()).isEqualTo(200);
        assertThat(hall.issue("id-card", "k2").status()).isEqualTo(201);
        job(printer, 2);
        assertThat(printer.jobs()).hasSize(3);
    }

    @Test
    void a_printer_on_a_device_file_gets_the_same_job() throws Exception {
        Path lp0 = Files.createFile(dir.resolve("lp0"));
        hall = TestHall.start(dir, "QMS_PRINTER", lp0.toString(), "QMS_PUBLIC_URL", "http://10.0.0.5:8080");

        Http.Resp r = hall.issue("household", "f1");

        assertThat(r.body().path("printed").asBoolean()).isTrue();
        assertThat(r.body().path("printer").asText()).isEqualTo("unknown"); // a device file cannot answer DLE EOT
        EscPosDecoder.Job job = EscPosDecoder.decode(Files.readAllBytes(lp0));
        assertThat(job.texts()).contains("B001", "户口迁移");
        assertThat(job.qr()).containsExactly("http://10.0.0.5:8080/t/" + r.text("id"));
    }

    @Test
    void the_bytes_of_one_ticket_of_each_width_equal_the_golden_files() throws Exception {
        Layouts.TicketSlip slip = new Layouts.TicketSlip("示范派出所户籍服务大厅", "A012", "居民身份证", 5, 18,
                "2026-11-27 09:41", List.of("户口簿", "本人到场", "近期免冠照片（大厅可现场拍摄）"), "请保管好您的号票，过号请重新取号",
                "http://10.0.0.5:8080/t/42");
        for (int mm : new int[] {58, 80}) {
            byte[] bytes = Layouts.ticket(slip, new Layouts.Paper(mm));
            Path golden = Path.of("src/test/resources/print/ticket-" + mm + ".bin");
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(golden.getParent());
                Files.write(golden, bytes);
            }
            assertThat(golden).as("golden file (regenerate with -Dgolden.update=true)").exists();
            assertThat(bytes).as("ESC/POS bytes of the %d mm ticket", mm).isEqualTo(Files.readAllBytes(golden));
            // the long material wraps at the paper's width without splitting a character
            EscPosDecoder.Job job = EscPosDecoder.decode(bytes);
            int columns = mm == 58 ? 32 : 48;
            job.texts().forEach(l -> assertThat(EscPos.width(l)).as(l).isLessThanOrEqualTo(columns));
        }
    }

    @Test
    void a_printer_out_of_paper_still_gives_the_ticket_on_screen_and_health_shows_it_until_paper_is_back()
            throws Exception {
        start();
        printer.paperOut(true);

        Http.Resp r = hall.issue("id-card", "p1");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().path("printed").asBoolean()).isFalse();
        assertThat(r.body().path("printer").asText()).isEqualTo("paper-out");
        assertThat(printer.jobs()).isEmpty();
        assertThat(printers().get(0).path("state").asText()).isEqualTo("paper-out");
        JsonNode listed = hall.http().get("/api/v1/devices", TestHall.ADMIN).body().path("devices");
        assertThat(listed.findValuesAsText("state")).contains("paper-out");

        printer.paperOut(false);
        await().atMost(Duration.ofSeconds(60)).until(() -> printers().get(0).path("state").asText().equals("ok"));
        assertThat(hall.issue("id-card", "p2").body().path("printed").asBoolean()).isTrue();

        printer.coverOpen(true);
        assertThat(hall.issue("id-card", "p3").body().path("printer").asText()).isEqualTo("cover-open");
        printer.coverOpen(false);
        printer.close();
        assertThat(hall.issue("id-card", "p4").body().path("printer").asText()).isEqualTo("offline");
    }

    /** The printer keeps a job when the connection closes, a moment after the service has answered. */
    private static byte[] job(FakePrinter p, int index) {
        await().atMost(Duration.ofSeconds(60)).until(() -> p.jobs().size() > index);
        return p.jobs().get(index);
    }

    private JsonNode printers() {
        return hall.http().get("/health", null).body().path("printers");
    }

    @Test
    void a_name_with_characters_no_receipt_font_has_prints_a_replacement_and_the_kiosk_goes_on() throws Exception {
        start();
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(PrintingTest.class.getResourceAsStream("/test-hall.json"));
        ObjectNode s = (ObjectNode) doc.withArray("services").get(0);
        s.putObject("name").put("zh", "身份证😀办理").put("en", "ID");
        s.putArray("materials").add("户口簿🏠").add("照片");
        assertThat(hall.http().put("/api/v1/catalog", doc.toString(), TestHall.ADMIN).status()).isEqualTo(200);

        Http.Resp r = hall.issue("id-card", "e1");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().path("printed").asBoolean()).isTrue();
        EscPosDecoder.Job job = EscPosDecoder.decode(job(printer, 0));
        assertThat(job.texts()).contains("身份证□办理", "□ 户口簿□");
    }

    @Test
    void an_incomplete_finish_prints_the_notice_at_that_window_and_returns_it_to_the_console() throws Exception {
        start();
        String token = hall.login("1", "510001");
        hall.issue("id-card", "n1");
        hall.act("1", token, "call-next");

        Http.Resp r = hall.act("1", token, "finish", "{\"outcome\":\"incomplete\",\"missing\":[\"户口簿\"],\"note\":\"需户主签字\"}");

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("noticePrinted").asBoolean()).isTrue();
        assertThat(r.body().path("notice").path("missing").get(0).asText()).isEqualTo("户口簿");
        EscPosDecoder.Job job = EscPosDecoder.decode(job(window, 0));
        assertThat(job.texts()).contains("一次性告知单", "□ 户口簿", "说明：需户主签字", "材料齐全后承诺办理时限：20 分钟",
                "咨询电话 12345");
        assertThat(job.all()).contains("号码：A001").contains("窗口：1号窗口").contains("业务：居民身份证");
        assertThat(job.cuts()).isEqualTo(1);

        // a window without a printer still gets the notice in its answer
        String t3 = hall.login("3", "510003");
        hall.issue("household", "n2");
        hall.act("3", t3, "call-next");
        Http.Resp r3 = hall.act("3", t3, "finish", "{\"outcome\":\"incomplete\",\"missing\":[\"居民身份证\"]}");
        assertThat(r3.body().has("noticePrinted")).isFalse();
        assertThat(r3.body().path("notice").path("missing").get(0).asText()).isEqualTo("居民身份证");
        job(printer, 1); // the kiosk's two tickets
        assertThat(printer.jobs()).hasSize(2);
        assertThat(window.jobs()).hasSize(1);
    }

    @Test
    void the_status_page_shows_number_place_wait_and_materials_and_escapes_what_it_shows() throws Exception {
        start();
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(PrintingTest.class.getResourceAsStream("/test-hall.json"));
        ((ObjectNode) doc.withArray("services").get(0)).putArray("materials").add("<script>alert(1)</script>").add("户口簿");
        hall.http().put("/api/v1/catalog", doc.toString(), TestHall.ADMIN);
        hall.issue("id-card", "s0");
        String id = hall.issue("id-card", "s1").text("id");

        Http.Resp page = hall.http().get("/t/" + id, null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.raw()).contains("A002", "等候中", "前面还有 <b>1</b> 人", "户口簿", "&lt;script&gt;")
                .doesNotContain("<script>");
        String token = hall.login("1", "510001");
        hall.act("1", token, "call-next");
        hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
        hall.act("1", token, "call-next");
        assertThat(hall.http().get("/t/" + id, null).raw()).contains("请到 <b>1号窗口</b> 办理");
        assertThat(hall.http().get("/t/nope", null).status()).isEqualTo(404);
        assertThat(hall.http().get("/t/110101199003074514", null).raw()).doesNotContain("110101199003074514");
    }
}
