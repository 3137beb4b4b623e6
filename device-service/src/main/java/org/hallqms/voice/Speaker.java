package org.hallqms.voice;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import org.hallqms.Threads;
import org.hallqms.event.HallEvent;
import org.hallqms.event.HallEvents;
import org.hallqms.event.TicketEvent;
import org.hallqms.store.Event;
import org.hallqms.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The board's own voice ({@code QMS_SPEAKER}), for halls whose amplifier hangs off the board: each committed
 * call is said through javax.sound, one after another on one thread, never cutting one off. A device that is
 * missing is one warning at start; the hall calls on, silent.
 */
public final class Speaker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Speaker.class);
    /** Calls waiting to be said; more than this is a queue no hall could follow, and the newest are dropped. */
    static final int QUEUE = 16;
    static final AudioFormat FORMAT = new AudioFormat(Wav.RATE, 16, 1, true, false);

    /** Where the sound goes; {@code play} returns when the sound has been played. */
    interface Output extends AutoCloseable {
        void play(byte[] pcm) throws Exception;

        @Override
        void close();
    }

    private final Output out;
    private final Function<Event, short[]> samples;
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), Threads.daemon("qms-speaker"));
    private volatile boolean failing;

    Speaker(Output out, Function<Event, short[]> samples) {
        this.out = out;
        this.samples = samples;
    }

    /**
     * The speaker of {@code device} ("default" or a mixer's name) saying every call committed to {@code store};
     * empty when no device is configured or it cannot be opened (then one warning).
     */
    public static Optional<Speaker> start(Optional<String> device, CallAudio audio, Store store) {
        if (device.isEmpty()) {
            return Optional.empty();
        }
        Output out;
        try {
            out = javaSound(device.get());
        } catch (Exception | LinkageError e) {
            log.warn("voice: QMS_SPEAKER={}: the board's audio output cannot be opened ({}); calls go on without the "
                    + "board's own voice (outputs here: {})", device.get(), e.getMessage(), mixers());
            return Optional.empty();
        }
        // The committed record of each call waiting to be said, by seq: said from it, not from its JSON again.
        Map<Long, HallEvent> waiting = new ConcurrentHashMap<>();
        Speaker s = new Speaker(out, row -> {
            HallEvent e = waiting.remove(row.seq());
            return audio.samples(e != null ? e : HallEvents.decode(row.type(), row.data()));
        });
        store.onCommitted(events -> events.stream().filter(c -> c.event() instanceof TicketEvent.Called
                || c.event() instanceof TicketEvent.Recalled).forEach(c -> {
                    if (waiting.size() > 4 * QUEUE) {
                        waiting.clear(); // calls the full queue dropped; a rare loss of memory, not of a call
                    }
                    waiting.put(c.row().seq(), c.event());
                    s.say(c.row());
                }));
        log.info("voice: calls are said on the board's output '{}'", device.get());
        return Optional.of(s);
    }

    /** Queues a call; the thread says it after the ones before it. */
    void say(Event call) {
        try {
            thread.execute(() -> play(call));
        } catch (RejectedExecutionException e) {
            if (!thread.isShutdown()) {
                log.warn("voice: {} calls are waiting for the board's speaker; call {} is not said on it", QUEUE,
                        call.seq());
            }
        }
    }

    private void play(Event call) {
        try {
            out.play(Wav.pcm(samples.apply(call)));
            if (failing) {
                failing = false;
                log.info("voice: the board's speaker plays again");
            }
        } catch (Exception e) {
            if (!failing) {
                failing = true;
                log.warn("voice: the board's speaker failed ({}); the next calls try it again", e.getMessage());
            }
        }
    }

    /**
     * The output of {@code device}, tried once now (a missing device is found at start). Each call opens the line
     * and closes it after the last sample: the board's browser or another program may share the device, and an
     * HDMI sink that went away and came back is found again.
     */
    private static Output javaSound(String device) throws Exception {
        DataLine.Info info = new DataLine.Info(SourceDataLine.class, FORMAT);
        Mixer.Info mixer = null;
        if (!device.equals("default")) {
            mixer = Arrays.stream(AudioSystem.getMixerInfo()).filter(i -> i.getName().equals(device)).findFirst()
                    .or(() -> Arrays.stream(AudioSystem.getMixerInfo()).filter(i -> i.getName().contains(device)).findFirst())
                    .orElseThrow(() -> new IllegalArgumentException("no audio output named '" + device + "'"));
        }
        Mixer.Info chosen = mixer;
        java.util.concurrent.Callable<SourceDataLine> open = () -> {
            SourceDataLine line = (SourceDataLine) (chosen == null ? AudioSystem.getLine(info)
                    : AudioSystem.getMixer(chosen).getLine(info));
            line.open(FORMAT, Wav.RATE);
            return line;
        };
        open.call().close();
        return new Output() {
            @Override
            public void play(byte[] pcm) throws Exception {
                SourceDataLine line = open.call();
                try {
                    line.start();
                    line.write(pcm, 0, pcm.length);
                    line.drain();
                } finally {
                    line.close();
                }
            }

            @Override
            public void close() {
                // each call closes its own line
            }
        };
    }

    private static String mixers() {
        List<String> names = Arrays.stream(AudioSystem.getMixerInfo()).map(Mixer.Info::getName).toList();
        return names.isEmpty() ? "none" : names.stream().collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.close();
    }
}
