package org.hallqms.voice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.hallqms.event.HallEvent;
import org.hallqms.event.HallEvents;
import org.hallqms.event.TicketEvent;
import org.hallqms.store.LoggedEvents;
import org.hallqms.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's sentence as one WAV ({@code GET /api/v1/calls/{id}/audio.wav}): its clips joined with short gaps.
 * Built once per sentence and kept in a small cache (a board asks for each call once, every board of the hall
 * for the same one). A clip the pack lacks is skipped, and said once in the log.
 */
public final class CallAudio {
    private static final Logger log = LoggerFactory.getLogger(CallAudio.class);
    /** Event ids are UUIDs: anything else is no call, and is never used in a query or a file name. */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** How far back in the log a call's audio is found: many days of calls, a bounded read by primary key. */
    private static final long LOOK_BACK_EVENTS = 50_000;
    static final int LEAD = Wav.RATE / 10;
    static final int GAP = Wav.RATE * 12 / 100;
    static final int TAIL = Wav.RATE / 5;
    private static final long CACHE_BYTES = 2L * 1024 * 1024;

    private final Store store;
    private final VoicePack pack;
    private final boolean ticketAsNumber;
    private final Set<String> missingLogged = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cached;

    public CallAudio(Store store, VoicePack pack, boolean ticketAsNumber) {
        this.store = store;
        this.pack = pack;
        this.ticketAsNumber = ticketAsNumber;
    }

    /** The WAV of the call with this event id, or empty when there is no such call. */
    public Optional<byte[]> wav(String callId) {
        if (callId == null || !ID.matcher(callId).matches()) {
            return Optional.empty();
        }
        long from = Math.max(0, store.head().seq() - LOOK_BACK_EVENTS);
        Optional<HallEvent> call = store.read(c -> LoggedEvents.byId(c, from, callId, TicketEvent.Called.TYPE,
                TicketEvent.Recalled.TYPE)).map(e -> HallEvents.decode(e.type(), e.data()));
        return call.map(this::sentence).map(this::wav);
    }

    /** The samples of a committed call's sentence, for the board's own speaker. */
    short[] samples(HallEvent call) {
        return join(sentence(call));
    }

    /** The clips a call or recall is said with; nothing for any other event. */
    private List<String> sentence(HallEvent e) {
        if (e instanceof TicketEvent.Called c) {
            return Sentence.of(c.number(), c.counter(), 0, ticketAsNumber);
        }
        if (e instanceof TicketEvent.Recalled r) {
            return Sentence.of(r.number(), r.counter(), r.recall(), ticketAsNumber);
        }
        return List.of();
    }

    byte[] wav(List<String> clips) {
        String key = String.join(" ", clips);
        synchronized (cache) {
            byte[] hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        byte[] wav = Wav.write(join(clips));
        synchronized (cache) {
            if (cache.put(key, wav) == null) {
                cached += wav.length;
            }
            var it = cache.entrySet().iterator();
            while (cached > CACHE_BYTES && it.hasNext()) {
                cached -= it.next().getValue().length;
                it.remove();
            }
        }
        return wav;
    }

    /** The clips in order, with silence before, between and after; missing clips are left out. */
    short[] join(List<String> names) {
        List<short[]> parts = names.stream().map(n -> {
            Optional<short[]> c = pack.clip(n);
            if (c.isEmpty() && missingLogged.add(n)) {
                log.warn("voice: the pack has no clip '{}'; calls that need it are said without it", n);
            }
            return c.orElse(null);
        }).filter(java.util.Objects::nonNull).toList();
        int total = LEAD + TAIL + Math.max(0, parts.size() - 1) * GAP + parts.stream().mapToInt(p -> p.length).sum();
        short[] out = new short[total];
        int at = LEAD;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length + GAP;
        }
        return out;
    }

    /** Sentences in the cache, for tests of its bound. */
    int cachedSentences() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
