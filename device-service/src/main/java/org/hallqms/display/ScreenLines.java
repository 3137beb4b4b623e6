package org.hallqms.display;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hallqms.catalog.Catalog;
import org.hallqms.display.DeviceConfigs.Device;

/** The rows a screen draws, rendered from its device file's templates: the firmware only draws them. */
final class ScreenLines {
    private ScreenLines() {
    }

    /** The rows a window screen shows in a state (calling, serving, idle, paused, closed). */
    static List<String> screen(Device d, String state, String ticket, String counterName, String serviceName) {
        List<String> out = new ArrayList<>();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("ticket", ticket == null ? "" : ticket);
        v.put("counter", counterName);
        v.put("service", serviceName == null ? "" : serviceName);
        d.node().path("templates").path(state).forEach(r -> out.add(Templates.render(r.asText(), v)));
        return out;
    }

    /** The board's rows: header, the latest calls (newest first), the notice. */
    static List<String> board(Device d, Catalog cat, List<Map<String, String>> recent) {
        List<String> out = new ArrayList<>();
        JsonNode t = d.node().path("templates");
        t.path("header").forEach(r -> out.add(Templates.render(r.asText(), Map.of())));
        int n = Math.min(recent.size(), d.node().path("recentCalls").asInt());
        for (int i = 0; i < n; i++) {
            out.add(Templates.render(t.path("call").asText(), recent.get(i)));
        }
        String notice = DeviceConfigs.notice(d, cat);
        if (!notice.isBlank()) {
            out.add(notice);
        }
        return out;
    }
}
