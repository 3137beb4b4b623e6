package org.hallqms.print;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hallqms.Threads;
import org.hallqms.catalog.Catalog;
import org.hallqms.ticket.CounterView;
import org.hallqms.ticket.TicketEngine;

/**
 * The hall's printers: the kiosk's, for tickets, and the windows' own, for 告知单. Jobs are printed after the
 * ticket is committed; a printer that cannot print never costs a ticket, it only changes what the kiosk says.
 */
public final class PrintService implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private final Optional<Printer> kiosk;
    private final Map<String, Printer> windows;
    private final Layouts.Paper paper;
    private final Supplier<String> publicUrl;
    private final ZoneId zone;
    private final ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor(Threads.daemon("qms-printers"));

    /** Whether a ticket slip went out, and the kiosk printer's state after trying. */
    public record Outcome(boolean printed, Printer.State state) {
    }

    public PrintService(Optional<String> kiosk, int paperMm, Map<String, String> windows, Supplier<String> publicUrl,
                        ZoneId zone) {
        this.kiosk = kiosk.map(t -> Printer.of("kiosk", t));
        Map<String, Printer> w = new LinkedHashMap<>();
        windows.forEach((counter, target) -> w.put(counter, Printer.of("counter-" + counter, target)));
        this.windows = Map.copyOf(w);
        this.paper = new Layouts.Paper(paperMm);
        this.publicUrl = publicUrl;
        this.zone = zone;
    }

    /** Polls the printers' status every few seconds, so lamps and /health follow paper out and back. */
    public void start() {
        if (kiosk.isPresent() || !windows.isEmpty()) {
            poll.scheduleWithFixedDelay(this::refresh, 0, 3, TimeUnit.SECONDS);
        }
    }

    void refresh() {
        kiosk.ifPresent(Printer::refresh);
        windows.values().forEach(Printer::refresh);
    }

    public void onKioskState(Consumer<Printer.State> listener) {
        kiosk.ifPresent(p -> p.onChange(listener));
    }

    public Optional<Printer> kiosk() {
        return kiosk;
    }

    /** The kiosk printer's state, asked now when it is a network printer. */
    public Optional<Printer.State> kioskStateNow() {
        return kiosk.map(Printer::refresh);
    }

    public String statusUrl(String ticketId) {
        return publicUrl.get() + "/t/" + ticketId;
    }

    /** Prints a just-issued ticket on the kiosk printer; empty when the hall has none. */
    public Optional<Outcome> ticket(Catalog cat, TicketEngine.Issued issued) {
        if (kiosk.isEmpty()) {
            return Optional.empty();
        }
        var t = issued.ticket();
        String service = cat.service(t.service()).map(s -> s.name().zh()).orElse(t.service());
        String at = OffsetDateTime.parse(t.issuedAt()).atZoneSameInstant(zone).format(TIME);
        Layouts.TicketSlip slip = new Layouts.TicketSlip(cat.hall().name(), t.number(), service, issued.ahead(),
                issued.estimatedWaitMinutes(), at, issued.materials(), cat.hall().notice(), statusUrl(t.id()));
        Printer p = kiosk.get();
        boolean ok = p.print(Layouts.ticket(slip, paper));
        return Optional.of(new Outcome(ok, p.state()));
    }

    /** Prints a 告知单 on the window's printer; empty when that window has none. */
    public Optional<Boolean> notice(String counter, CounterView.Notice n, OffsetDateTime at) {
        Printer p = windows.get(counter);
        if (p == null) {
            return Optional.empty();
        }
        Layouts.NoticeSlip slip = new Layouts.NoticeSlip(n.hall(), n.counter(), n.ticket(), n.service(), n.missing(),
                n.reasonName(), n.timeLimitMinutes(), n.contact(), n.note(), at.atZoneSameInstant(zone).format(TIME));
        return Optional.of(p.print(Layouts.notice(slip, paper)));
    }

    /** The printers for /health and the devices list. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        kiosk.ifPresent(p -> out.add(entry(p, "kiosk")));
        windows.forEach((c, p) -> out.add(entry(p, "counter " + c)));
        return out;
    }

    private Map<String, Object> entry(Printer p, String role) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.name());
        m.put("kind", "printer");
        m.put("role", role);
        m.put("target", p.target());
        m.put("paperMm", paper.mm());
        m.put("state", p.state().wire());
        return m;
    }

    @Override
    public void close() {
        poll.shutdownNow();
    }
}
