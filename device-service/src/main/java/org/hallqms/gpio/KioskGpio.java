package org.hallqms.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.hallqms.QmsException;
import org.hallqms.Threads;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.hallqms.config.Config;
import org.hallqms.print.PrintService;
import org.hallqms.print.Printer;
import org.hallqms.rating.Rate;
import org.hallqms.rating.RatingService;
import org.hallqms.store.Json;
import org.hallqms.ticket.CounterCommand;
import org.hallqms.ticket.TicketEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk box and window buttons wired to the board: one button per service (pressed = pin pulled low),
 * a ready lamp, a fault lamp, a buzzer, "next" buttons per window and five-button evaluators. A press is
 * taken once: bounces and a held button within the debounce time are one press. Work happens off Pi4J's
 * event thread, one press at a time.
 */
public final class KioskGpio implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KioskGpio.class);
    private static final long BEEP_MILLIS = 300;
    private static final long FLASH_MILLIS = 1500;

    private final Config.Gpio cfg;
    private final Context pi4j;
    private final CatalogService catalog;
    private final TicketEngine engine;
    private final RatingService ratings;
    private final PrintService print;
    private final LongSupplier nanoTime;
    private final Map<Integer, Long> lastPress = new ConcurrentHashMap<>();
    private final ExecutorService work = Executors.newSingleThreadExecutor(Threads.daemon("qms-gpio"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(Threads.daemon("qms-gpio-timer"));
    private final AtomicLong presses = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final String bootId = Long.toString(System.currentTimeMillis(), 36);
    private volatile boolean printerOk = true;
    private DigitalOutput ready;
    private DigitalOutput fault;
    private DigitalOutput buzzer;

    private KioskGpio(Config.Gpio cfg, Context pi4j, CatalogService catalog, TicketEngine engine, RatingService ratings,
                      PrintService print, LongSupplier nanoTime) {
        this.cfg = cfg;
        this.pi4j = pi4j;
        this.catalog = catalog;
        this.engine = engine;
        this.ratings = ratings;
        this.print = print;
        this.nanoTime = nanoTime;
    }

    /**
     * Starts the configured pins. Empty when nothing is configured (said once, as is a board without GPIO).
     *
     * @throws GpioUnavailable when pins are configured but this machine has no GPIO and the mock is not chosen
     */
    public static Optional<KioskGpio> start(Config.Gpio cfg, CatalogService catalog, TicketEngine engine,
                                            RatingService ratings, PrintService print) {
        boolean hasGpio = Files.exists(Path.of("/dev/gpiochip0"));
        if (!cfg.configured()) {
            log.info("gpio: {}", hasGpio ? "no pins configured; kiosk buttons and lamps are off"
                    : "this machine has no GPIO; kiosk buttons and lamps are off");
            return Optional.empty();
        }
        boolean mock = cfg.platform().equals("mock");
        if (!mock && !hasGpio) {
            throw new GpioUnavailable("QMS_GPIO_* pins are configured but this machine has no GPIO (/dev/gpiochip0); "
                    + "run it on the board, or set QMS_GPIO_PLATFORM=mock to try the configuration without hardware");
        }
        Catalog cat = catalog.current();
        for (String s : cfg.buttons().keySet()) {
            if (cat.service(s).isEmpty()) {
                throw new GpioUnavailable("QMS_GPIO_BUTTONS: '" + s + "' is not a service of the catalogue");
            }
        }
        for (String c : cfg.evaluators().keySet()) {
            if (cat.devices().stream().noneMatch(d -> d.kind().equals("evaluator") && c.equals(d.counter()))) {
                throw new GpioUnavailable("QMS_GPIO_EVALUATORS: counter '" + c + "' has no evaluator device in the "
                        + "catalogue; add one (kind evaluator, counter " + c + ") so its sessions open");
            }
        }
        cfg.badReason().ifPresent(r -> {
            if (cat.ratingReasons().stream().noneMatch(x -> x.code().equals(r))) {
                throw new GpioUnavailable("QMS_GPIO_EVALUATOR_BAD_REASON: '" + r + "' is not a rating reason of the catalogue");
            }
        });
        Context ctx = mock
                ? Pi4J.newContextBuilder().add(new MockPlatform())
                        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build()
                : Pi4J.newAutoContext();
        KioskGpio g = new KioskGpio(cfg, ctx, catalog, engine, ratings, print, System::nanoTime);
        g.wire();
        log.info("gpio: {} service buttons, {} next buttons, {} button evaluators on the {} platform",
                cfg.buttons().size(), cfg.nextButtons().size(), cfg.evaluators().size(), mock ? "mock" : "board's");
        return Optional.of(g);
    }

    /** Thrown at start when the pins cannot be had; the message says which key and what to do. */
    public static final class GpioUnavailable extends RuntimeException {
        GpioUnavailable(String message) {
            super(message);
        }
    }

    private void wire() {
        ready = cfg.readyLamp().map(p -> output("lamp-ready", p)).orElse(null);
        fault = cfg.faultLamp().map(p -> output("lamp-fault", p)).orElse(null);
        buzzer = cfg.buzzer().map(p -> output("buzzer", p)).orElse(null);
        cfg.buttons().forEach((service, pin) -> input("button-" + service, pin, () -> issue(service)));
        cfg.nextButtons().forEach((counter, pin) -> input("next-" + counter, pin, () -> next(counter)));
        cfg.evaluators().forEach((counter, pins) -> {
            for (int i = 0; i < 5; i++) {
                int level = 5 - i;
                input("evaluator-" + counter + "-" + level, pins.get(i), () -> rate(counter, level));
            }
        });
        print.onKioskState(this::printerState);
        print.kiosk().ifPresent(p -> printerState(p.state()));
        lamps();
    }

    private DigitalOutput output(String id, int pin) {
        return pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id(id).address(pin).initial(DigitalState.LOW)
                .shutdown(DigitalState.LOW).build());
    }

    private void input(String id, int pin, Runnable onPress) {
        DigitalInput in = pi4j.create(DigitalInput.newConfigBuilder(pi4j).id(id).address(pin)
                .pull(PullResistance.PULL_UP).build());
        if (in instanceof com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput m) {
            // The mock knows no pull-up: an idle button reads high, as on the board.
            m.mockState(DigitalState.HIGH);
        }
        in.addListener(e -> {
            if (e.state() != DigitalState.LOW) {
                return;
            }
            long now = nanoTime.getAsLong();
            Long last = lastPress.get(pin);
            if (last != null && now - last < cfg.debounceMs() * 1_000_000L) {
                return; // a bounce, or the same finger still on the button
            }
            lastPress.put(pin, now);
            work.execute(() -> {
                try {
                    onPress.run();
                } catch (RuntimeException ex) {
                    log.warn("gpio {}: press failed: {}", id, ex.getMessage());
                    signal();
                }
            });
        });
    }

    private void issue(String service) {
        Optional<Printer.State> st = print.kioskStateNow();
        if (st.isPresent() && !st.get().printable() && cfg.printerDown().equals("refuse")) {
            // No paper: a ticket nobody can take away would only mislead the queue.
            log.debug("gpio: {} pressed while the printer is {}; no ticket", service, st.get().wire());
            signal();
            return;
        }
        TicketEngine.Issued issued;
        try {
            issued = engine.issue(new TicketEngine.IssueRequest(service, "btn-" + bootId + "-" + presses.incrementAndGet(),
                    "button", null));
        } catch (QmsException e) {
            log.debug("gpio: {} pressed: {}", service, e.getMessage());
            signal();
            return;
        }
        print.ticket(catalog.current(), issued).ifPresent(o -> {
            if (!o.printed()) {
                signal();
            }
        });
    }

    private void next(String counter) {
        try {
            engine.counters().apply(counter, new CounterCommand.AtCounter(), new CounterCommand.Next(), null);
        } catch (QmsException e) {
            signal();
        }
    }

    private void rate(String counter, int level) {
        Catalog cat = catalog.current();
        Optional<Catalog.Device> device = cat.devices().stream()
                .filter(d -> d.kind().equals("evaluator") && counter.equals(d.counter())).findFirst();
        Optional<String> session = device.flatMap(d -> ratings.openSessions().stream()
                .filter(s -> s.device().equals(d.id())).map(s -> s.id()).findFirst());
        if (device.isEmpty() || session.isEmpty()) {
            signal();
            return;
        }
        String id = "gpio-" + bootId + "-" + presses.incrementAndGet();
        List<String> reasons = level <= 2 ? List.of(cfg.badReason().orElseThrow()) : List.of();
        try {
            ratings.rate(new Rate(device.get().id(), session.get(), level, reasons, id), tx -> { });
        } catch (RuntimeException e) { // refused (RatingRefused) or not stored: the press did nothing
            signal();
        }
    }

    private void printerState(Printer.State s) {
        printerOk = s.printable();
        lamps();
    }

    private void lamps() {
        boolean ok = printerOk || cfg.printerDown().equals("issue");
        set(ready, ok);
        set(fault, !printerOk);
    }

    /** A refused press: the buzzer beeps and the fault lamp flashes, then shows the printer's state again. */
    private void signal() {
        refused.incrementAndGet();
        set(buzzer, true);
        set(fault, true);
        timers.schedule(() -> set(buzzer, false), BEEP_MILLIS, TimeUnit.MILLISECONDS);
        timers.schedule(this::lamps, FLASH_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void set(DigitalOutput out, boolean on) {
        if (out != null) {
            out.state(on ? DigitalState.HIGH : DigitalState.LOW);
        }
    }

    /** Presses refused since start (each sounded the buzzer). */
    public long refused() {
        return refused.get();
    }

    /** The Pi4J context, for tests on the mock platform and for diagnostics. */
    public Context context() {
        return pi4j;
    }

    @Override
    public void close() {
        work.shutdown();
        try {
            work.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        set(ready, false);
        set(fault, false);
        set(buzzer, false);
        pi4j.shutdown();
    }
}
