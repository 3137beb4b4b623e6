package org.hallqms.station.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hallqms.station.StationView.ReportRow;
import org.junit.jupiter.api.Test;

/** What the Content-Security-Policy and the spreadsheet rely on, checked in the files themselves. */
class ConsolePagesTest {
    private static String resource(String path) throws IOException {
        try (InputStream in = ConsolePagesTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void no_page_has_inline_script_or_style_and_every_script_it_names_is_in_the_jar() throws IOException {
        Pattern src = Pattern.compile("<script src=\"/assets/([a-z0-9-]+\\.js)\" defer></script>");
        for (String page : ConsolePages.PAGES) {
            String html = resource("/web/station/" + page + ".html");
            assertThat(html).as(page).doesNotContain("<style", " style=", "onclick=", "onload=", "javascript:")
                    .contains("lang=\"zh-CN\"");
            assertThat(html.replaceAll("<script src=\"[^\"]+\" defer></script>", "")).as(page).doesNotContain("<script");
            Matcher m = src.matcher(html);
            int scripts = 0;
            while (m.find()) {
                resource("/web/assets/" + m.group(1));
                scripts++;
            }
            assertThat(scripts).as(page).isEqualTo(2);
        }
    }

    @Test
    void the_scripts_put_server_text_into_pages_only_as_text() throws IOException {
        for (String js : List.of("station", "station-login", "station-halls", "station-day", "station-cases",
                "station-officers", "station-reports")) {
            assertThat(resource("/web/assets/" + js + ".js")).as(js)
                    .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
        }
        assertThat(resource("/web/assets/station.css")).contains("outline: 4px solid #ffbf00", "@media print");
    }

    @Test
    void a_report_cell_that_a_spreadsheet_would_run_as_a_formula_is_written_as_text() {
        String csv = ReportCsv.write(List.of(new ReportRow("east", "=HYPERLINK(\"x\")", 1, 1, 0, 0, 2.25, null, 1, 1.0,
                0, 0, 0)));
        assertThat(csv).startsWith("\uFEFF");
        assertThat(csv.lines().skip(1).findFirst().orElseThrow())
                .isEqualTo("east,\"'=HYPERLINK(\"\"x\"\")\",1,1,0,0,2.3,,1,1.0,0,0,0");
    }
}
