package org.hallqms.station.console;

import java.util.List;
import org.hallqms.station.StationView.ReportRow;

/**
 * The report as CSV for the station office's spreadsheet: a UTF-8 byte-order mark first so Excel reads the Chinese,
 * headings in Chinese and English, and no cell a spreadsheet would run as a formula.
 */
final class ReportCsv {
    private static final String HEAD = "所 hall,业务 service,取号 issued,办结 done,过号 no-show,未办结 incomplete,"
            + "平均等候(分) mean wait min,等候P90(分) p90 wait min,评价 rated,好评率 good rate,差评 bad,"
            + "案件 cases,按时答复 answered on time\r\n";

    private ReportCsv() {
    }

    static String write(List<ReportRow> rows) {
        StringBuilder b = new StringBuilder("\uFEFF").append(HEAD);
        for (ReportRow r : rows) {
            b.append(cell(r.hall())).append(',').append(cell(r.service())).append(',').append(r.issued()).append(',')
                    .append(r.done()).append(',').append(r.noShow()).append(',').append(r.incomplete()).append(',')
                    .append(num(r.meanWaitMinutes())).append(',').append(num(r.p90WaitMinutes())).append(',')
                    .append(r.rated()).append(',').append(num(r.goodRate())).append(',').append(r.bad()).append(',')
                    .append(r.cases()).append(',').append(r.casesAnsweredOnTime()).append("\r\n");
        }
        return b.toString();
    }

    private static String num(Double d) {
        return d == null ? "" : String.valueOf(Math.round(d * 10) / 10.0);
    }

    /** Quoted when it must be; a leading = + - @ (or tab, CR) gets a ' so a spreadsheet shows it as text. */
    static String cell(String s) {
        if (s == null) {
            return "";
        }
        String t = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return t.matches("[^,\"\\n\\r]*") ? t : "\"" + t.replace("\"", "\"\"") + "\"";
    }
}
