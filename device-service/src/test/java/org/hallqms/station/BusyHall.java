package org.hallqms.station;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.hallqms.Problem;
import org.hallqms.QmsException;
import org.hallqms.rating.Rate;
import org.hallqms.rating.RatingService;
import org.hallqms.support.TestHall;
import org.hallqms.ticket.CounterCommand;
import org.hallqms.ticket.CounterView;
import org.hallqms.ticket.TicketEngine;

/**
 * Runs a hall through busy days, through the engine's own calls (no HTTP, so 200,000 events take seconds):
 * tickets issued, called, served or missed, finished done or incomplete, rated or left unrated, days rolled.
 */
final class BusyHall {
    private BusyHall() {
    }

    /** Business days run, in order, until the log holds at least {@code minEvents}. */
    static List<LocalDate> fill(TestHall hall, long minEvents, int ticketsPerServicePerDay) {
        TicketEngine eng = hall.hall().engine();
        Random rnd = new Random(20261127);
        String[] services = {"id-card", "certificate", "household"};
        List<LocalDate> days = new ArrayList<>();
        int day = 0;
        while (hall.head().seq() < minEvents) {
            days.add(hall.hall().store().today());
            String[][] desks = {
                    {"1", hall.login("1", day % 2 == 0 ? "510001" : "510003"), "eval-1"},
                    {"3", hall.login("3", day % 2 == 0 ? "510002" : "510004"), "eval-3"}};
            // Issued and served from several threads at once, as in a real hall, so commits are grouped.
            int perService = ticketsPerServicePerDay;
            int dayNo = day;
            parallel(IntStream.range(0, services.length).mapToObj(k -> (Runnable) () -> {
                for (int i = 0; i < perService; i++) {
                    eng.issue(new TicketEngine.IssueRequest(services[k], "d" + dayNo + "-" + services[k] + "-" + i,
                            "kiosk", null));
                }
            }).toList());
            // everyone has waited past the 30-minute target when the windows open: alarms, cleared as each is called
            hall.clock.advance(Duration.ofMinutes(31));
            hall.hall().checkNow();
            parallel(java.util.Arrays.stream(desks).map(d -> (Runnable) () -> serve(hall, d, new Random(rnd.nextLong())))
                    .toList());
            hall.hall().checkNow();
            hall.clock.advance(Duration.ofDays(1));
            eng.rollDay();
            day++;
        }
        return days;
    }

    private static void serve(TestHall hall, String[] d, Random rnd) {
        TicketEngine eng = hall.hall().engine();
        RatingService ratings = hall.hall().ratings();
        long msg = 0;
        while (true) {
            CounterView v;
            try {
                v = eng.counters().apply(d[0], new CounterCommand.Console(d[1]), new CounterCommand.Next(), null);
            } catch (QmsException e) {
                if (e.problem() == Problem.QUEUE_EMPTY) {
                    return;
                }
                throw e;
            }
            int r = rnd.nextInt(100);
            if (r < 5) {
                eng.counters().apply(d[0], new CounterCommand.Console(d[1]), new CounterCommand.NoShow(), null);
                continue;
            }
            eng.counters().apply(d[0], new CounterCommand.Console(d[1]), new CounterCommand.Start(), null);
            if (r < 9) {
                eng.counters().apply(d[0], new CounterCommand.Console(d[1]),
                        new CounterCommand.Finish("incomplete", null, "policy", null), null);
            } else if (r < 12) {
                String material = hall.hall().catalog().current().service(v.ticket().service()).orElseThrow()
                        .materials().get(0);
                eng.counters().apply(d[0], new CounterCommand.Console(d[1]),
                        new CounterCommand.Finish("incomplete", List.of(material), null, null), null);
            } else {
                eng.counters().apply(d[0], new CounterCommand.Console(d[1]), CounterCommand.Finish.done(), null);
            }
            if (rnd.nextInt(10) < 8) {
                String session = ratings.openSessions().stream().filter(s -> s.device().equals(d[2]))
                        .findFirst().orElseThrow().id();
                int level = 5 - Math.min(4, (int) Math.abs(rnd.nextGaussian() * 1.2));
                String id = v.ticket().id() + "-m" + ++msg;
                List<String> reasons = level <= 2 ? List.of(rnd.nextBoolean() ? "attitude" : "slow") : List.of();
                ratings.rate(new Rate(d[2], session, level, reasons, id), tx -> { });
            }
            // else: the next finish at this counter supersedes the session (rating.not_rated)
        }
    }

    private static void parallel(List<Runnable> tasks) {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<?>> fs = tasks.stream().<Future<?>>map(pool::submit).toList();
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
