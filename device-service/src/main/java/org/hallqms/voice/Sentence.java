package org.hallqms.voice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The clips of a call's sentence, 请A012号到3号窗口办理, in the order they are said; a recall starts with
 * 再次呼叫. The ticket's digits are read one by one ({@code digits}: A零一二) or as a number ({@code number}:
 * A十二); a window's number is always read as a number (十二号窗口, as people say it).
 */
final class Sentence {
    private Sentence() {
    }

    static List<String> of(String ticket, String counter, int recall, boolean ticketAsNumber) {
        List<String> out = new ArrayList<>();
        if (recall > 0) {
            out.add("zaici");
        }
        out.add("qing");
        out.addAll(code(ticket, ticketAsNumber));
        out.add("hao");
        out.add("dao");
        out.addAll(code(counter, true));
        out.add("hao");
        out.add("chuangkou");
        out.add("banli");
        return out;
    }

    /** Letters by name, then the digits; any other character is kept as a name no pack has (and is skipped). */
    private static List<String> code(String code, boolean asNumber) {
        List<String> out = new ArrayList<>();
        String s = code.toLowerCase(Locale.ROOT);
        int digits = s.length();
        while (digits > 0 && Character.isDigit(s.charAt(digits - 1)) && s.charAt(digits - 1) < 128) {
            digits--;
        }
        for (int i = 0; i < digits; i++) {
            out.add(String.valueOf(s.charAt(i)));
        }
        String tail = s.substring(digits);
        if (asNumber && !tail.isEmpty() && tail.length() <= 3) {
            out.addAll(number(Integer.parseInt(tail)));
        } else {
            tail.chars().forEach(c -> out.add(String.valueOf((char) c)));
        }
        return out;
    }

    /** 0–999 as said in Mandarin: 十二, 二十, 一百零五, 一百一十. */
    static List<String> number(int n) {
        List<String> out = new ArrayList<>();
        int h = n / 100;
        int t = n / 10 % 10;
        int u = n % 10;
        if (h > 0) {
            out.add(Integer.toString(h));
            out.add("bai");
            if (t == 0 && u > 0) {
                out.add("0");
            }
        }
        if (t > 0) {
            if (!(h == 0 && t == 1)) {
                out.add(Integer.toString(t));
            }
            out.add("shi");
        }
        if (u > 0 || n == 0) {
            out.add(Integer.toString(u));
        }
        return out;
    }
}
