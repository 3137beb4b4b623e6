package org.hallqms.print;

import java.util.ArrayList;
import java.util.List;

/**
 * What goes on paper, for 58 mm (32 columns) and 80 mm (48 columns) rolls: the ticket a citizen takes from
 * the kiosk, and the 告知单 an officer hands over when materials are missing. Big number, plain words, the
 * whole materials checklist (一次性告知), and a QR code to the ticket's status page.
 */
public final class Layouts {
    /** @param mm 58 or 80 */
    public record Paper(int mm) {
        int columns() {
            return mm == 58 ? 32 : 48;
        }

        int qrModule() {
            return mm == 58 ? 5 : 7;
        }
    }

    public record TicketSlip(String hall, String number, String service, int ahead, int waitMinutes, String issuedAt,
                             List<String> materials, String notice, String statusUrl) {
    }

    /** @param reason why it could not be done, in words; null when only materials are missing */
    public record NoticeSlip(String hall, String counter, String ticket, String service, List<String> missing,
                             String reason, int timeLimitMinutes, String contact, String note, String at) {
    }

    private Layouts() {
    }

    public static byte[] ticket(TicketSlip t, Paper p) {
        EscPos e = new EscPos().init().align(1).bold(true);
        wrap(e, t.hall(), p.columns());
        e.bold(false).feed(1);
        e.size(4, 4).bold(true).line(t.number()).bold(false).size(2, 2);
        // double-size characters take twice the columns
        wrap(e, t.service(), p.columns() / 2);
        e.size(1, 1).feed(1);
        e.size(1, 2).line("前面还有 " + t.ahead() + " 人").size(1, 1);
        e.line("预计等候约 " + t.waitMinutes() + " 分钟");
        e.line("取号时间 " + t.issuedAt());
        e.align(0).line("-".repeat(p.columns()));
        if (!t.materials().isEmpty()) {
            e.bold(true).line("请备齐以下材料（一次性告知）：").bold(false);
            for (String m : t.materials()) {
                wrap(e, "□ " + m, p.columns());
            }
            e.line("-".repeat(p.columns()));
        }
        if (t.notice() != null && !t.notice().isBlank()) {
            wrap(e, t.notice(), p.columns());
        }
        e.align(1).feed(1).qr(t.statusUrl(), p.qrModule()).line("扫码查看排队进度");
        return e.feed(3).cut().bytes();
    }

    public static byte[] notice(NoticeSlip n, Paper p) {
        EscPos e = new EscPos().init().align(1).bold(true).line(n.hall()).size(2, 2).line("一次性告知单").size(1, 1)
                .bold(false).feed(1).align(0);
        e.line("号码：" + n.ticket() + "    窗口：" + n.counter());
        wrap(e, "业务：" + n.service(), p.columns());
        e.line("时间：" + n.at());
        e.line("-".repeat(p.columns()));
        if (n.reason() != null) {
            wrap(e, "未能办理原因：" + n.reason(), p.columns());
        }
        if (!n.missing().isEmpty()) {
            e.bold(true).line("尚需补充以下材料：").bold(false);
            for (String m : n.missing()) {
                wrap(e, "□ " + m, p.columns());
            }
        }
        if (n.note() != null && !n.note().isBlank()) {
            wrap(e, "说明：" + n.note(), p.columns());
        }
        e.line("-".repeat(p.columns()));
        if (n.timeLimitMinutes() > 0) {
            wrap(e, "材料齐全后承诺办理时限：" + n.timeLimitMinutes() + " 分钟", p.columns());
        }
        if (n.contact() != null && !n.contact().isBlank()) {
            wrap(e, n.contact(), p.columns());
        }
        return e.feed(3).cut().bytes();
    }

    /** Breaks a line at the paper's width, never inside a character. */
    static void wrap(EscPos e, String text, int columns) {
        for (String l : lines(EscPos.printable(text), columns)) {
            e.line(l);
        }
    }

    static List<String> lines(String text, int columns) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int w = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int cw = org.hallqms.Columns.of(cp);
            if (w + cw > columns) {
                out.add(line.toString());
                line.setLength(0);
                w = 0;
            }
            line.appendCodePoint(cp);
            w += cw;
            i += Character.charCount(cp);
        }
        if (line.length() > 0 || out.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }
}
