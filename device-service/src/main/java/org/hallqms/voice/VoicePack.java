package org.hallqms.voice;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clips a call sentence is made of, by name (design §10): the jar's default pack, each replaceable by a
 * file of the same name in {@code QMS_VOICE_DIR}. Only these names are ever read, and only from that folder
 * or the jar: no request can name a file. Every clip is brought to the same loudness once, at start, so a
 * hall's own recording of 窗口 is as loud as the synthesised 3 beside it.
 */
public final class VoicePack {
    private static final Logger log = LoggerFactory.getLogger(VoicePack.class);
    public static final List<String> NAMES = names();
    /** A clip longer than this is a whole sentence or a recording left running, not one word. */
    static final double MAX_SECONDS = 4.0;
    static final long MAX_BYTES = 2L * 1024 * 1024;
    /** Below this peak (about -40 dBFS) a clip is silence or a recording with its input unplugged. */
    static final int SILENT_PEAK = 328;
    /** Every clip is scaled to this RMS level (-20 dBFS), unless its peak would pass -1 dBFS. */
    private static final double TARGET_RMS = 0.1;
    private static final double MAX_PEAK = 0.89;

    private final Map<String, short[]> clips;
    private final Map<String, String> sources;

    VoicePack(Map<String, short[]> clips, Map<String, String> sources) {
        this.clips = Map.copyOf(clips);
        this.sources = Map.copyOf(sources);
    }

    /** The default pack with the clips of {@code dir} laid over it; every bad clip is named in the exception. */
    public static VoicePack load(Optional<Path> dir) {
        Map<String, short[]> clips = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String name : NAMES) {
            try (InputStream in = VoicePack.class.getResourceAsStream("/voice/" + name + ".wav")) {
                if (in != null) {
                    clips.put(name, check(in.readAllBytes()));
                    sources.put(name, "default");
                }
            } catch (IOException | IllegalArgumentException e) {
                problems.add("the jar's voice/" + name + ".wav: " + e.getMessage());
            }
        }
        if (dir.isPresent()) {
            try (Stream<Path> files = Files.list(dir.get())) {
                for (Path f : files.sorted().toList()) {
                    String file = f.getFileName().toString();
                    if (!file.toLowerCase(java.util.Locale.ROOT).endsWith(".wav")) {
                        continue;
                    }
                    String name = file.substring(0, file.length() - 4);
                    if (!NAMES.contains(name)) {
                        log.warn("voice: {} is not a clip name and is not used (names: qing, a-z, 0-9, hao, dao, "
                                + "chuangkou, banli, zaici, shi, bai)", f);
                        continue;
                    }
                    try {
                        if (!Files.isRegularFile(f) || Files.size(f) > MAX_BYTES) {
                            throw new IllegalArgumentException("not a regular file of at most " + MAX_BYTES + " bytes");
                        }
                        clips.put(name, check(Files.readAllBytes(f)));
                        sources.put(name, f.toString());
                    } catch (IOException | IllegalArgumentException e) {
                        problems.add("QMS_VOICE_DIR: " + f + ": " + (e instanceof IOException ? "cannot be read: " : "")
                                + e.getMessage());
                    }
                }
            } catch (IOException e) {
                problems.add("QMS_VOICE_DIR: cannot list " + dir.get() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new Refused(problems);
        }
        long own = sources.values().stream().filter(s -> !s.equals("default")).count();
        log.info("voice: {} clips ({} from {})", clips.size(), own, dir.map(Path::toString).orElse("no QMS_VOICE_DIR"));
        return new VoicePack(clips, sources);
    }

    /** The samples of a clip file, levelled; refused when it is no clip (the message says why). */
    static short[] check(byte[] file) {
        short[] s = Wav.read(file);
        double seconds = Wav.seconds(s.length);
        if (seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "%.1f s long; a clip is one word "
                    + "of at most %.1f s (trim it: sox IN.wav OUT.wav silence 1 0.02 0.5%% reverse silence 1 0.02 0.5%% "
                    + "reverse)", seconds, MAX_SECONDS));
        }
        if (s.length == 0 || Wav.peak(s) < SILENT_PEAK) {
            throw new IllegalArgumentException("silent (its loudest sample is below -40 dBFS); record it again");
        }
        return level(s);
    }

    /** Scales a clip to the common loudness, never past -1 dBFS. */
    static short[] level(short[] s) {
        double rms = Wav.rms(s, 0, s.length);
        double gain = Math.min(TARGET_RMS / rms, MAX_PEAK * 32767 / Wav.peak(s));
        short[] out = new short[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(s[i] * gain)));
        }
        return out;
    }

    /** The levelled samples of a clip, or empty when the pack has none of that name. */
    Optional<short[]> clip(String name) {
        return Optional.ofNullable(clips.get(name));
    }

    /** Where each clip came from: "default" or its file. */
    Map<String, String> sources() {
        return sources;
    }

    private static List<String> names() {
        List<String> n = new ArrayList<>(List.of("qing"));
        for (char c = 'a'; c <= 'z'; c++) {
            n.add(String.valueOf(c));
        }
        for (char c = '0'; c <= '9'; c++) {
            n.add(String.valueOf(c));
        }
        n.addAll(List.of("hao", "dao", "chuangkou", "banli", "zaici", "shi", "bai"));
        return List.copyOf(n);
    }

    /** The voice pack cannot be used; one line per bad clip, each naming its file. */
    public static final class Refused extends RuntimeException {
        private final List<String> problems;

        Refused(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
