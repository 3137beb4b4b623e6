package org.hallqms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one ID-number normaliser: every way of writing a number seen in the hall, and text that only has numbers. */
public class PersonalIdTest {
    /** Each way the guard was walked around, named as in issue 15. */
    public static final List<String> BYPASSES = List.of(
            "1101 0119 9003 0712 34",                   // spaces, as a clerk copies it off the card
            "110101-19900307-1234",                     // dashes
            "110101–19900307–1234",                     // en dashes, as a word processor makes them
            "1101.0119.9003.0712.34",                   // dots
            "１１０１０１１９９００３０７１２３４",          // full-width digits (a Chinese IME)
            "１１０１ ０１１９－９００３　０７１２ ３４",     // full-width with a full-width dash and ideographic space
            "11010119900307123X",                       // check letter X
            "11010119900307123x",                       // lower-case x
            "11010119900307123Ｘ",                      // full-width Ｘ
            "1101 0119 9003 0712 3X",                   // spaced with the X
            "110101199003071234A",                      // a letter glued on after
            "证件号110101199003071234号",                // glued Chinese either side
            "110101900307123",                          // a 15-digit number of the first generation
            "110 101 900 307 123",                      // spaced 15-digit
            "１１０１０１９００３０７１２３",               // full-width 15-digit
            "١١٠١٠١١٩٩٠٠٣٠٧١٢٣٤");                      // Arabic-Indic digits

    /** Text with numbers a hall really writes. */
    public static final List<String> ORDINARY = List.of(
            "票号 A012 已办结，转 B003",
            "回电 138****1234",
            "回电 13800138000",
            "回电 138 0013 8000",
            "10:30 到 11:45 午休",
            "工单 2026-11-27-0042",
            "时间 2026-11-27 10:30:00",
            "2026-11-27T10:30:00+08:00",
            "20261127093000123",
            "订单号 12345678901234567890",
            "第 3 号窗口 12 人等候，约 45 分钟",
            "缺 2 份材料: 户口簿, 照片 (2 张)",
            "值班 510003",
            "w1a2b3c-0f1e2d3c4b5a69788796");

    @Test
    void every_bypass_of_issue_15_is_seen_as_an_id_number() {
        for (String s : BYPASSES) {
            assertThat(PersonalId.in(s)).as(s).isTrue();
            assertThat(PersonalId.in("note: " + s + " ok")).as("inside text: " + s).isTrue();
        }
    }

    @Test
    void ticket_numbers_phone_masks_times_and_dates_are_ordinary_text() {
        for (String s : ORDINARY) {
            assertThat(PersonalId.in(s)).as(s).isFalse();
        }
    }

    @Test
    void a_number_with_an_impossible_birth_date_or_the_wrong_length_is_not_an_id_number() {
        assertThat(PersonalId.in("110101199013071234")).as("month 13").isFalse();
        assertThat(PersonalId.in("110101199003321234")).as("day 32").isFalse();
        assertThat(PersonalId.in("010101199003071234")).as("region starting 0").isFalse();
        assertThat(PersonalId.in("1101011990030712345")).as("19 digits").isFalse();
        assertThat(PersonalId.in("1101 0119 9003 0712 34".replace(' ', ':'))).as("colons break a number").isFalse();
        assertThat(PersonalId.in("1101    0119    9003    0712    34")).as("four spaces break a number").isFalse();
    }
}
