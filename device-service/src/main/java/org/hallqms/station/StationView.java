package org.hallqms.station;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the station console reads and does, over the station's PostgreSQL (design §11). The console's HTTP layer
 * ({@code station.console}) talks only to this; the pull loop and the tables behind it are {@code station}'s.
 * {@code halls} limits every read to those halls (a hall leader's one hall); null means all.
 */
public interface StationView {

    /** Every configured hall, with its sync health and today's figures (the hall's local day). */
    List<HallSummary> halls(Set<String> halls);

    /** One hall's day; empty when the hall is not configured. */
    java.util.Optional<HallDay> day(String hall, LocalDate day);

    /** Cases across halls, overdue first, then by due time; {@code state} null for all. */
    List<CaseRow> cases(String state, Set<String> halls);

    /** Officers across halls over the days {@code from}..{@code to}, inclusive. */
    List<OfficerRow> officers(LocalDate from, LocalDate to, Set<String> halls);

    /** Per hall and service over the days {@code from}..{@code to}, inclusive. */
    List<ReportRow> report(LocalDate from, LocalDate to, Set<String> halls);

    /**
     * Forwards a case action to its hall's API with the station token, and returns what the hall answered.
     * Never half-applied: the hall applies it in one transaction or not at all; the station's copy changes only
     * when the hall's event comes back through the feed.
     *
     * @throws CaseActionRefused when the hall is unknown, unreachable, or refuses the action
     */
    CaseRow act(String hall, String caseId, CaseAction action, String by);

    /**
     * {@code lagEvents}: events the hall has that the station does not, null when not known right now (not pulled
     * yet by this process, the last round failed or hangs, or broken). {@code lastError}: why the last round
     * failed, or {@code no answer for N s} while a round has heard nothing from the hall for three
     * intervals (at least 15 s).
     */
    record HallSummary(String hall, String url, OffsetDateTime pulledAt, Long lagEvents, boolean broken,
                       String brokenReason, String lastError, Today today) {
    }

    /** Waits in minutes; null where nothing was measured (no ticket called yet, nothing rated). */
    record Today(int issued, int waiting, int done, int noShow, int incomplete, Double meanWaitMinutes,
                 Double p90WaitMinutes, int rated, Double goodRate, int bad, int openCases, int overdueCases,
                 int openAlarms) {
    }

    record HallDay(String hall, LocalDate day, Today totals, List<WindowRow> windows, List<HourRow> hours,
                   Map<Integer, Integer> ratingsByLevel, List<BadRating> bad, Map<String, Integer> incompleteByMaterial,
                   Map<String, Integer> incompleteByReason) {
    }

    record WindowRow(String counter, String officer, int served, Double meanServiceMinutes, int rated,
                     Double goodRate, int bad) {
    }

    record HourRow(int hour, int issued, int called, Double meanWaitMinutes, Double p90WaitMinutes) {
    }

    record BadRating(OffsetDateTime at, String ticket, String number, String service, String counter, String officer,
                     int level, List<String> reasons) {
    }

    /**
     * One case as the station's copy has it. {@code state}: open, called-back, resolved, dismissed.
     * {@code kind}: bad-rating, complaint.
     */
    record CaseRow(String hall, String id, String kind, String ticket, String number, String service, String counter,
                   String officer, Integer level, List<String> reasons, OffsetDateTime openedAt,
                   OffsetDateTime callbackDue, OffsetDateTime resolveDue, String state, boolean overdue,
                   OffsetDateTime calledBackAt, OffsetDateTime closedAt, String reply, String note,
                   String dismissReason) {
    }

    record OfficerRow(String hall, String officer, int served, Double meanServiceMinutes, int rated, Double goodRate,
                      int bad, Map<String, Integer> badReasons) {
    }

    record ReportRow(String hall, String service, int issued, int done, int noShow, int incomplete,
                     Double meanWaitMinutes, Double p90WaitMinutes, int rated, Double goodRate, int bad, int cases,
                     int casesAnsweredOnTime) {
    }

    /** A case action as the hall's API takes it: {@code callback {note}}, {@code resolve {reply, note}}, {@code dismiss {reason}}. */
    sealed interface CaseAction {
        record Callback(String note) implements CaseAction {
        }

        record Resolve(String reply, String note) implements CaseAction {
        }

        record Dismiss(String reason) implements CaseAction {
        }
    }

    /**
     * A case action that did not happen. {@code status} and {@code type} are what the console answers (problem+json):
     * 404 unknown hall or case, 409 the case's state does not allow it ({@code hall-broken}: the hall's chain is
     * broken, so the action would never show), 422 bad text, 502 the hall answered garbage, 503 the hall is
     * unreachable (not done), 504 {@code hall-timeout}: sent but not answered, it may have been done.
     */
    final class CaseActionRefused extends RuntimeException {
        private final int status;
        private final String type;

        public CaseActionRefused(int status, String type, String detail) {
            super(detail);
            this.status = status;
            this.type = type;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }
    }
}
