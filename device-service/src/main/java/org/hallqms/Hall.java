package org.hallqms;

import io.javalin.Javalin;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hallqms.alarm.Alarms;
import org.hallqms.cases.Cases;
import org.hallqms.appointment.Appointments;
import org.hallqms.catalog.CatalogService;
import org.hallqms.config.Config;
import org.hallqms.device.DevicePresence;
import org.hallqms.device.DeviceSecrets;
import org.hallqms.device.DeviceTrust;
import org.hallqms.device.EmbeddedBroker;
import org.hallqms.display.DeviceConfigException;
import org.hallqms.gpio.KioskGpio;
import org.hallqms.print.PrintService;
import org.hallqms.display.DeviceConfigs;
import org.hallqms.mqtt.Announcer;
import org.hallqms.mqtt.Gateway;
import org.hallqms.mqtt.MqttLink;
import org.hallqms.rating.RatingService;
import org.hallqms.counter.CounterDesk;
import org.hallqms.http.AccessTokens;
import org.hallqms.http.HallOps;
import org.hallqms.http.HttpApi;
import org.hallqms.http.Live;
import org.hallqms.store.Store;
import org.hallqms.ticket.TicketEngine;
import org.hallqms.voice.CallAudio;
import org.hallqms.voice.Speaker;
import org.hallqms.voice.VoicePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service, wired by hand: store → domain → HTTP. Closing goes the other way, once, with bounded
 * waits.
 */
public final class Hall implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hall.class);
    public static final String VERSION = "0.1.0";

    private final Config config;
    private final Store store;
    private final CatalogService catalog;
    private final TicketEngine engine;
    private final Appointments appointments;
    private final Alarms alarms;
    private final Cases cases;
    private final ScheduledExecutorService ticker;
    private final Javalin http;
    private final HttpApi api;
    private final Live live;
    private final PrintService print;
    private volatile String publicUrl;
    private final Metrics metrics;
    private final KioskGpio gpio;
    private final EmbeddedBroker broker;
    private final MqttLink link;
    private final Gateway gateway;
    private final Announcer announcer;
    private final RatingService ratings;
    private final DevicePresence presence;
    private final CallAudio callAudio;
    private final Speaker speaker;
    private DeviceTrust trust;
    private final String startedAt;
    private final Health health;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Hall(Config config, Clock clock) {
        this.config = config;
        this.startedAt = OffsetDateTime.now(clock.withZone(config.zone())).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        this.store = Store.open(config.dataDir(), clock, config.zone());
        try {
            // First: a wrong clip of the hall's stops the start before anything else is opened.
            this.callAudio = new CallAudio(store, VoicePack.load(config.voice().dir()), config.voice().ticketAsNumber());
            this.catalog = new CatalogService(store);
            CounterDesk desk = new CounterDesk(store, catalog, config.pinMaxFailures(), config.pinLockMinutes());
            this.appointments = new Appointments(store, catalog, config.appointments());
            this.engine = new TicketEngine(store, catalog, desk, appointments, config.priorityRun(), config.maxRecalls());
            this.alarms = new Alarms(store, catalog);
            this.cases = new Cases(store, config.cases());
            this.ratings = new RatingService(store, catalog, engine, config.ratingTimeout(), System::nanoTime);
            this.presence = new DevicePresence(store, catalog);
            catalog.start(config.catalogFile());
            // broker: the embedded one unless an external broker is configured; every client proves who it is.
            // The link connects while the rest starts; it takes device messages only from serve() on.
            this.trust = DeviceTrust.open(config, store, catalog);
            trust.misuse((id, counter, detail) -> alarms.deviceMisuse(id, counter).ifPresent(a ->
                    log.warn("device {}: ALARM device-misuse: {}", id, detail)));
            this.broker = config.mqttUrl().isPresent() ? null : new EmbeddedBroker(config.mqttBind(), config.mqttPort(), trust);
            String url = config.mqttUrl().orElse("tcp://127.0.0.1:" + config.mqttPort());
            this.link = new MqttLink(url, config.station(), trust.service(), broker != null, VERSION, startedAt);
            link.start();
            engine.start();
            ratings.start();
            AccessTokens tokens = AccessTokens.load(config.dataDir(), config.adminToken(), config.syncToken(),
                    config.previousSyncToken(), config.previousSyncTokenUntil(), clock);
            this.ticker = Executors.newSingleThreadScheduledExecutor(Threads.daemon("qms-ticker"));
            // Expire yesterday's tickets even when nobody presses anything after midnight.
            ticker.scheduleWithFixedDelay(this::tick, 30, 30, TimeUnit.SECONDS);
            ticker.scheduleWithFixedDelay(this::expireRatings, 1, 1, TimeUnit.SECONDS);
            ticker.scheduleWithFixedDelay(this::watch, 1, config.alarmCheckSeconds(), TimeUnit.SECONDS);
            alarms.checkSoonWith(() -> {
                try {
                    ticker.execute(this::watch);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // the next start looks again
                }
            });

            this.gateway = new Gateway(catalog, engine, ratings, link, presence);
            DeviceConfigs devices = DeviceConfigs.load(config.deviceConfigDir(), catalog.current(), config.ratingTimeout(),
                    DeviceConfigs.Mode.SERVICE);
            log.info("display: {} device files from {}", devices.devices().size(), config.deviceConfigDir().toAbsolutePath());
            devices.warnings().forEach(w -> log.warn("display: {}", w));
            this.announcer = new Announcer(store, catalog, link, ratings, devices, config.ratingTimeout());
            // A catalogue from the station is not refused for a screen's sake; the IT person is told instead.
            catalog.addHook((tx, next) -> {
                try {
                    DeviceConfigs.load(config.deviceConfigDir(), next, config.ratingTimeout());
                } catch (DeviceConfigException e) {
                    log.warn("display: the new catalogue does not fit {} device file problem(s), first: {}; fix the "
                            + "files and POST /api/v1/devices/reload", e.problems().size(), e.problems().get(0));
                }
            });
            announcer.alarms(alarms::payload);
            announcer.start();

            link.serve();

            this.print = new PrintService(config.printing().kiosk(), config.printing().paperMm(),
                    config.printing().windows(), this::publicUrl, config.zone());
            this.live = new Live(store, catalog, this::liveSnapshot, config.liveClients().max(),
                    config.liveClients().perAddress(), config.liveClients().trusted());
            // In this order, each made from finished parts: the metrics read HTTP's credential counts, the routes
            // serve the metrics.
            this.api = new HttpApi(config);
            this.health = new Health(config, store, startedAt, broker != null, link, gateway, api, print);
            this.metrics = new Metrics(store, engine, ratings, link, this::devices, api::authStats, api::lastSyncAfter,
                    alarms::active, trust::refusals);
            this.http = api.create(new HttpApi.Parts(store, catalog, desk, engine, appointments, alarms, ratings, print,
                    callAudio, live, tokens, new Ops(metrics, trust.secrets()), cases));
            http.start(config.httpHost(), config.httpPort());
            // The broker's session before the first answer: the first /health should already say "connected".
            // Bounded, because an external broker that is down must not keep the kiosks from issuing tickets.
            link.awaitSession(broker != null ? 3_000 : 1_000);
            api.open();
            api.logTransport(httpPort());
            if (config.printing().publicUrl().isEmpty() && lanAddress().equals("127.0.0.1")) {
                log.warn("print: QMS_PUBLIC_URL is unset and this board has no private LAN address, so the QR codes on "
                        + "tickets carry {}, which no phone can open; set QMS_PUBLIC_URL", publicUrl());
            }
            print.start();
            this.speaker = Speaker.start(config.voice().speaker(), callAudio, store).orElse(null);

            // devices last: a button pressed during start finds everything ready
            this.gpio = KioskGpio.start(config.gpio(), catalog, engine, ratings, print).orElse(null);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Starts the whole service; throws when a part cannot start (the message says which and why). */
    public static Hall start(Config config, Clock clock) {
        Hall h = new Hall(config, clock);
        log.info("hall: ready on http://{}:{}{} station={} catalog={} services, data={} ({} ms since JVM start)",
                config.httpHost(), h.httpPort(), h.httpsPort() > 0 ? " and https://" + config.httpHost() + ":"
                        + h.httpsPort() : "", config.station(), h.catalog.current().services().size(),
                h.store.file().toAbsolutePath(), ManagementFactory.getRuntimeMXBean().getUptime());
        return h;
    }

    private void tick() {
        try {
            engine.rollDay();
        } catch (RuntimeException e) {
            log.warn("hall: day roll failed, retrying in 30 s: {}", e.getMessage());
        }
    }

    /** Missed appointments, time-limit alarms and case deadlines: all are about the clock passing a line. */
    private void watch() {
        try {
            appointments.sweepMissed();
            alarms.check();
            cases.sweep();
        } catch (RuntimeException e) {
            log.warn("hall: alarm check failed, retrying in {} s: {}", config.alarmCheckSeconds(), e.getMessage());
        }
    }

    /** Runs the alarm and missed-appointment check now (tests, and tools that step a virtual clock). */
    public void checkNow() {
        appointments.sweepMissed();
        alarms.check();
        cases.sweep();
    }

    public Cases cases() {
        return cases;
    }

    public Alarms alarms() {
        return alarms;
    }

    public Appointments appointments() {
        return appointments;
    }

    private void expireRatings() {
        try {
            ratings.expire();
        } catch (RuntimeException e) {
            log.warn("hall: rating expiry failed, retrying in 1 s: {}", e.getMessage());
        }
    }

    public int httpPort() {
        return http.port();
    }

    /**
     * Reads the device files again and, when they all pass, publishes them: {@code POST /api/v1/devices/reload}.
     * When any is wrong, nothing changes and the answer lists every problem.
     */
    public Map<String, Object> reloadDevices() {
        DeviceConfigs next;
        try {
            next = DeviceConfigs.load(config.deviceConfigDir(), catalog.current(), config.ratingTimeout(),
                    DeviceConfigs.Mode.SERVICE);
        } catch (DeviceConfigException e) {
            throw new QmsException(Problem.DEVICE_CONFIG_INVALID, e.problems().size() + " problem"
                    + (e.problems().size() == 1 ? "" : "s") + " in " + config.deviceConfigDir()
                    + "; the devices keep their current configs", Map.of("errors", e.problems()));
        }
        announcer.devices(next);
        log.info("display: {} device files reloaded from {}", next.devices().size(), config.deviceConfigDir());
        next.warnings().forEach(w -> log.warn("display: {}", w));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", next.devices().keySet());
        out.put("warnings", next.warnings());
        return out;
    }

    /** Every HTTP route as "METHOD /path", for the check that docs/openapi.yaml lists them all. */
    public java.util.List<String> routes() {
        return http.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.endpoint.method.isHttpMethod())
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path).sorted().toList();
    }

    /** What the admin and ops routes ask of the hall as a whole; made with the metrics and secrets it serves. */
    private final class Ops implements HallOps {
        private final Metrics metrics;
        private final DeviceSecrets secrets;

        Ops(Metrics metrics, DeviceSecrets secrets) {
            this.metrics = metrics;
            this.secrets = secrets;
        }

        @Override public Map<String, Object> health() { return health.get(); }
        @Override public String metrics() { return metrics.render(); }
        @Override public java.util.List<Map<String, Object>> devices() { return Hall.this.devices(); }
        @Override public Map<String, Object> deviceConfigs() { return Hall.this.deviceConfigs(); }
        @Override public Map<String, Object> reloadDevices() { return Hall.this.reloadDevices(); }
        @Override public Object deviceSecret(String device) { return secrets.issue(device); }
    }

    /** The config each device receives (its retained config message), for the admin page; read-only. */
    private Map<String, Object> deviceConfigs() {
        Map<String, Object> out = new LinkedHashMap<>();
        announcer.devices().published(catalog.current(), config.ratingTimeout()).forEach((id, json) -> {
            try {
                out.put(id, org.hallqms.store.Json.MAPPER.readTree(json));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                out.put(id, json);
            }
        });
        return Map.of("folder", config.deviceConfigDir().toAbsolutePath().toString(), "devices", out);
    }

    /** What a browser board or console shows first: the hall, the board, every window, every service. */
    private Map<String, Object> liveSnapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        var cat = catalog.current();
        m.put("hall", cat.hall());
        m.put("board", announcer.board());
        m.put("counters", engine.queue().get("counters"));
        m.put("services", engine.services());
        m.put("incompleteReasons", cat.incompleteReasons());
        m.put("alarms", alarms.active().size());
        // the board page plays the call's clips, or speaks with the browser's own voice
        m.put("voice", config.voice().mode());
        // the board shows the hall's date and time, whatever zone the TV was set to
        m.put("zone", config.zone().getId());
        return m;
    }

    /** Catalogue devices with their reported state and whether they have a broker secret, and the printers. */
    private java.util.List<Map<String, Object>> devices() {
        java.util.List<Map<String, Object>> out = new java.util.ArrayList<>(presence.list());
        out.forEach(d -> d.putAll(trust.status(String.valueOf(d.get("id")))));
        out.addAll(print.list());
        return out;
    }

    /** Where phones reach this service (the QR code on tickets): QMS_PUBLIC_URL, or this board's LAN address. */
    String publicUrl() {
        String u = publicUrl;
        if (u == null) {
            // once: listing the network interfaces takes milliseconds, and every kiosk answer carries the URL
            u = config.printing().publicUrl().orElseGet(() -> "http://" + lanAddress() + ":" + httpPort());
            publicUrl = u;
        }
        return u;
    }

    private static String lanAddress() {
        try {
            return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(n -> java.util.Collections.list(n.getInetAddresses()).stream())
                    .filter(a -> a instanceof java.net.Inet4Address && a.isSiteLocalAddress())
                    .map(java.net.InetAddress::getHostAddress).findFirst().orElse("127.0.0.1");
        } catch (java.net.SocketException e) {
            return "127.0.0.1";
        }
    }

    /** The GPIO part, when pins are configured. */
    public java.util.Optional<KioskGpio> gpio() {
        return java.util.Optional.ofNullable(gpio);
    }

    /** The HTTPS port, or -1 when TLS is not configured. */
    public int httpsPort() {
        return api.httpsPort();
    }

    /** The rating service, for tests and tools that act as an evaluator without MQTT. */
    public RatingService ratings() {
        return ratings;
    }

    public Store store() {
        return store;
    }

    public TicketEngine engine() {
        return engine;
    }

    public CatalogService catalog() {
        return catalog;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("hall: stopping");
        closeQuietly();
        log.info("hall: stopped");
    }

    /** Reverse order of start; each part may be missing when start failed half way. */
    private void closeQuietly() {
        for (Runnable step : new Runnable[] {
                () -> { if (gpio != null) { gpio.close(); } },
                () -> { if (speaker != null) { speaker.close(); } },
                () -> { if (live != null) { live.close(); } },
                () -> { if (http != null) { http.stop(); } },
                () -> { if (print != null) { print.close(); } },
                () -> { if (link != null) { link.close(); } },
                () -> { if (gateway != null) { gateway.close(); } },
                () -> { if (announcer != null) { announcer.close(); } },
                () -> { if (broker != null) { broker.close(); } },
                () -> { if (trust != null) { trust.close(); } },
                () -> { if (ticker != null) { ticker.shutdownNow(); } },
                store::close}) {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.warn("hall: stop step failed: {}", e.getMessage());
            }
        }
    }
}
