package org.hallqms.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Everything the service is told from outside. Built only by {@link ConfigLoader}, which checks each value.
 *
 * @param station          MQTT topic root's second level and the hall's id in sync ({@code QMS_STATION})
 * @param dataDir          where the SQLite file and generated tokens live ({@code QMS_DATA_DIR})
 * @param httpHost         address the HTTP server binds ({@code QMS_HTTP_HOST})
 * @param httpPort         HTTP port, 0 = any free port ({@code QMS_HTTP_PORT})
 * @param mqttUrl          external broker; empty = embedded broker ({@code QMS_MQTT_URL})
 * @param mqttUser         broker user ({@code QMS_MQTT_USER})
 * @param mqttPassword     broker password ({@code QMS_MQTT_PASSWORD})
 * @param adminToken       admin bearer token; empty = generated and stored in the data dir ({@code QMS_ADMIN_TOKEN})
 * @param syncToken        station sync bearer token; same rule ({@code QMS_SYNC_TOKEN})
 * @param zone             business-day time zone ({@code QMS_ZONE})
 * @param catalogFile      catalogue file applied at start when it differs from the stored one ({@code QMS_CATALOG})
 * @param priorityRun      priority tickets a counter may call in a row before it must take a waiting normal
 *                         ticket ({@code QMS_PRIORITY_RUN})
 * @param maxRecalls       recalls allowed per call before the officer must start or mark a no-show
 *                         ({@code QMS_MAX_RECALLS})
 * @param pinMaxFailures   wrong PINs in a row before an officer is locked ({@code QMS_PIN_MAX_FAILURES})
 * @param pinLockMinutes   how long such a lock lasts ({@code QMS_PIN_LOCK_MINUTES})
 * @param mqttBind         address the embedded broker binds ({@code QMS_MQTT_BIND})
 * @param mqttPort         port of the embedded broker ({@code QMS_MQTT_PORT})
 * @param ratingTimeout    seconds an evaluator's rating session stays open ({@code QMS_RATING_TIMEOUT_SECONDS})
 * @param deviceConfigDir  the display-firmware-config folder ({@code QMS_DEVICE_CONFIG_DIR})
 * @param tls              certificate chain and key for HTTPS, from PEM files; empty = plain HTTP only
 *                         ({@code QMS_TLS_CERT}, {@code QMS_TLS_KEY})
 * @param httpsPort        HTTPS port when TLS is configured, 0 = any free port ({@code QMS_HTTPS_PORT})
 * @param authMaxFailures  failed credentials per client address per minute before that address is refused
 *                         for a minute ({@code QMS_AUTH_MAX_FAILURES})
 * @param previousSyncToken the station token being rotated out, accepted until {@code previousSyncTokenUntil}
 *                         ({@code QMS_SYNC_TOKEN_PREVIOUS}, {@code QMS_SYNC_TOKEN_PREVIOUS_UNTIL})
 * @param printing         the kiosk's and the windows' printers ({@code QMS_PRINTER*}, {@code QMS_COUNTER_PRINTERS})
 * @param gpio             kiosk buttons, lamps, buzzer, next buttons and button evaluators ({@code QMS_GPIO_*})
 * @param appointments     the check-in window around an appointment's slot ({@code QMS_APPOINTMENT_*})
 * @param alarmCheckSeconds how often waiting targets, service limits and missed appointments are looked at
 *                         ({@code QMS_ALARM_CHECK_SECONDS})
 * @param liveClients      limits on {@code GET /api/v1/live} connections ({@code QMS_LIVE_*})
 * @param voice            how calls are said: the clips, number reading, the board's own speaker ({@code QMS_VOICE*},
 *                         {@code QMS_SPEAKER})
 * @param mqttAnonymous    "watch": the embedded broker lets clients without an identity read the wall topics
 *                         and publish nothing; "off": it refuses them at connect ({@code QMS_MQTT_ANONYMOUS})
 * @param cases            deadlines of a case opened by a 差评 or a 办不成事 complaint ({@code QMS_CASE_*})
 */
public record Config(
        String station,
        Path dataDir,
        String httpHost,
        int httpPort,
        Optional<String> mqttUrl,
        Optional<String> mqttUser,
        Optional<String> mqttPassword,
        Optional<String> adminToken,
        Optional<String> syncToken,
        ZoneId zone,
        Optional<Path> catalogFile,
        int priorityRun,
        int maxRecalls,
        int pinMaxFailures,
        int pinLockMinutes,
        String mqttBind,
        int mqttPort,
        int ratingTimeout,
        Path deviceConfigDir,
        Optional<Pem.Identity> tls,
        int httpsPort,
        int authMaxFailures,
        Optional<String> previousSyncToken,
        Optional<java.time.OffsetDateTime> previousSyncTokenUntil,
        Printing printing,
        Gpio gpio,
        Appointments appointments,
        int alarmCheckSeconds,
        LiveClients liveClients,
        Voice voice,
        String mqttAnonymous,
        Cases cases) {

    /**
     * @param callbackHours hours from opening by which the citizen is to be called back ({@code QMS_CASE_CALLBACK_HOURS})
     * @param resolveDays   days from opening by which the case is to be resolved ({@code QMS_CASE_RESOLVE_DAYS})
     */
    public record Cases(int callbackHours, int resolveDays) {
    }

    /**
     * @param max         live connections in all; a quarter of them is kept for known addresses
     *                    ({@code QMS_LIVE_MAX_CLIENTS})
     * @param perAddress  live connections one stranger address may hold ({@code QMS_LIVE_PER_ADDRESS})
     * @param trusted     IP addresses that are never strangers, such as the wall board's PC ({@code QMS_LIVE_TRUSTED})
     */
    public record LiveClients(int max, int perAddress, java.util.Set<String> trusted) {
    }

    /**
     * @param mode        "clips": boards play the call's WAV made of the voice pack; "browser": boards use the
     *                    browser's own speechSynthesis ({@code QMS_VOICE})
     * @param numbers     "digits": A012 is said A零一二; "number": A十二 ({@code QMS_VOICE_NUMBERS})
     * @param speaker     the board's own audio output, "default" or a mixer's name; empty = silent board
     *                    ({@code QMS_SPEAKER})
     * @param dir         a folder of the hall's own clips, each replacing the default clip of its name
     *                    ({@code QMS_VOICE_DIR})
     */
    public record Voice(String mode, String numbers, Optional<String> speaker, Optional<Path> dir) {
        public boolean ticketAsNumber() {
            return numbers.equals("number");
        }
    }

    /**
     * @param earlyMinutes   how long before its slot starts an appointment may check in ({@code QMS_APPOINTMENT_EARLY_MINUTES})
     * @param lateMinutes    how long after its slot ends it still may; when this has passed unused, the
     *                       appointment is recorded as missed ({@code QMS_APPOINTMENT_LATE_MINUTES})
     * @param outsideWindow  "normal": outside that window the citizen gets a normal ticket of the service, and the
     *                       answer says why; "refuse": no ticket, only the answer ({@code QMS_APPOINTMENT_OUTSIDE_WINDOW})
     */
    public record Appointments(int earlyMinutes, int lateMinutes, String outsideWindow) {
        public boolean normalTicketOutside() {
            return outsideWindow.equals("normal");
        }
    }

    /**
     * @param kiosk       the kiosk's ticket printer: {@code tcp://host:9100} or a device file ({@code QMS_PRINTER})
     * @param paperMm     58 or 80 ({@code QMS_PRINTER_PAPER_MM})
     * @param windows     counter id to that window's printer, for 告知单 ({@code QMS_COUNTER_PRINTERS})
     * @param publicUrl   how phones reach this service, for the QR code; empty = this board's LAN address
     *                    ({@code QMS_PUBLIC_URL})
     */
    public record Printing(Optional<String> kiosk, int paperMm, java.util.Map<String, String> windows,
                           Optional<String> publicUrl) {
    }

    /**
     * @param platform     "board" (the Pi's pins) or "mock" (Pi4J's mock platform) ({@code QMS_GPIO_PLATFORM})
     * @param buttons      service code to input pin ({@code QMS_GPIO_BUTTONS})
     * @param readyLamp    output pin lit while tickets can be taken ({@code QMS_GPIO_READY_LAMP})
     * @param faultLamp    output pin lit while the printer cannot print, flashed on a refused press
     *                     ({@code QMS_GPIO_FAULT_LAMP})
     * @param buzzer       output pin sounded on a refused press ({@code QMS_GPIO_BUZZER})
     * @param nextButtons  counter id to input pin calling the next ticket ({@code QMS_GPIO_NEXT_BUTTONS})
     * @param evaluators   counter id to five input pins for levels 5..1 ({@code QMS_GPIO_EVALUATORS})
     * @param badReason    the reason code a button evaluator's 1 or 2 carries ({@code QMS_GPIO_EVALUATOR_BAD_REASON})
     * @param debounceMs   presses closer than this to the last accepted one are bounces ({@code QMS_GPIO_DEBOUNCE_MS})
     * @param printerDown  "refuse": no ticket while the printer cannot print; "issue": issue anyway
     *                     ({@code QMS_GPIO_PRINTER_DOWN})
     */
    public record Gpio(String platform, java.util.Map<String, Integer> buttons, Optional<Integer> readyLamp,
                       Optional<Integer> faultLamp, Optional<Integer> buzzer, java.util.Map<String, Integer> nextButtons,
                       java.util.Map<String, java.util.List<Integer>> evaluators, Optional<String> badReason,
                       int debounceMs, String printerDown) {
        public boolean configured() {
            return !buttons.isEmpty() || !nextButtons.isEmpty() || !evaluators.isEmpty() || readyLamp.isPresent()
                    || faultLamp.isPresent() || buzzer.isPresent();
        }
    }

    @Override
    public String toString() {
        // Secrets never reach a log line.
        return "Config[station=" + station + ", dataDir=" + dataDir + ", http=" + httpHost + ":" + httpPort
                + ", mqtt=" + mqttUrl.orElse("embedded " + mqttBind + ":" + mqttPort) + ", zone=" + zone + ", catalog="
                + catalogFile.map(Path::toString).orElse("stored or sample")
                + (tls.isPresent() ? ", https=" + httpHost + ":" + httpsPort : "") + "]";
    }
}
