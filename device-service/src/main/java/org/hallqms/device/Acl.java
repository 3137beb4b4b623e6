package org.hallqms.device;

import java.util.List;
import org.hallqms.catalog.Catalog;

/**
 * What each broker identity may publish and subscribe to under {@code qms/{station}/}: the table of design
 * §9, in one place for the embedded broker and for the {@code acl_file} written for Mosquitto.
 */
final class Acl {
    /** Who is asking: the service, anonymous, or a catalogue device of a kind (bound to a counter or not). */
    record Who(String name, String kind, String counter) {
        static final Who SERVICE = new Who("qms-service", "service", null);
        static final Who ANONYMOUS = new Who("anonymous", "anonymous", null);

        static Who of(Catalog.Device d) {
            return new Who(d.id(), d.kind(), d.counter());
        }
    }

    private Acl() {
    }

    /** The topics (without the root) an identity may publish; "#" = everything. */
    static List<String> publish(Who w) {
        return switch (w.kind()) {
            case "service" -> List.of("#");
            case "evaluator" -> List.of("devices/" + w.name() + "/state", "evaluators/" + w.name() + "/rating");
            case "caller" -> List.of("devices/" + w.name() + "/state", "callers/" + w.name() + "/command");
            case "anonymous" -> List.of();
            default -> List.of("devices/" + w.name() + "/state");
        };
    }

    /** The filters (without the root) an identity may subscribe to; a filter may also name one topic they cover. */
    static List<String> subscribe(Who w) {
        String own = w.name();
        List<String> mine = List.of("devices/" + own + "/config", "devices/" + own + "/ack", "service/state");
        return switch (w.kind()) {
            case "service" -> List.of("#");
            case "anonymous" -> List.of("board", "calls", "counters/+/display", "service/state");
            case "main-board" -> concat(List.of("board", "calls", "counters/+/display"), mine);
            case "evaluator" -> concat(List.of("evaluators/" + own + "/session"), mine);
            case "window-screen", "caller" -> w.counter() == null ? mine
                    : concat(List.of("counters/" + w.counter() + "/display"), mine);
            default -> mine;
        };
    }

    private static List<String> concat(List<String> a, List<String> b) {
        java.util.ArrayList<String> l = new java.util.ArrayList<>(a);
        l.addAll(b);
        return List.copyOf(l);
    }

    static boolean mayPublish(String root, Who w, String topic) {
        if (!topic.startsWith(root)) {
            return w.kind().equals("service");
        }
        String rest = topic.substring(root.length());
        return publish(w).stream().anyMatch(p -> p.equals("#") || p.equals(rest));
    }

    /**
     * A filter is allowed when it is one of the identity's filters as written, or a topic without wildcards
     * that one of them covers: {@code counters/3/display} for the main board, never {@code qms/#}.
     */
    static boolean maySubscribe(String root, Who w, String filter) {
        if (w.kind().equals("service")) {
            return true;
        }
        if (!filter.startsWith(root)) {
            return false;
        }
        String rest = filter.substring(root.length());
        boolean wild = rest.contains("+") || rest.contains("#");
        for (String p : subscribe(w)) {
            if (p.equals(rest) || (!wild && covers(p, rest))) {
                return true;
            }
        }
        return false;
    }

    private static boolean covers(String pattern, String topic) {
        String[] p = pattern.split("/", -1);
        String[] t = topic.split("/", -1);
        if (p.length != t.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!p[i].equals("+") && !p[i].equals(t[i])) {
                return false;
            }
        }
        return true;
    }
}
