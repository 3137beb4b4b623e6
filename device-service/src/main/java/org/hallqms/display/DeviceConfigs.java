package org.hallqms.display;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.hallqms.store.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device configs of display-firmware-config: each {@code <device-id>.json} below the folder is published
 * as that device's retained config. A file that is not a JSON object is skipped with a warning.
 */
public final class DeviceConfigs {
    private static final Logger log = LoggerFactory.getLogger(DeviceConfigs.class);
    private final Map<String, String> configs;

    private DeviceConfigs(Map<String, String> configs) {
        this.configs = Map.copyOf(configs);
    }

    public static DeviceConfigs load(Path dir) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return new DeviceConfigs(out);
        }
        try (Stream<Path> files = Files.walk(dir, 3)) {
            files.filter(p -> p.getFileName().toString().matches("[a-z0-9-]{1,32}\\.json")).sorted().forEach(p -> {
                try {
                    JsonNode n = Json.MAPPER.readTree(Files.readString(p));
                    if (n != null && n.isObject()) {
                        String id = p.getFileName().toString().replace(".json", "");
                        out.put(id, Json.write(n));
                    } else {
                        log.warn("display: {} is not a JSON object; not published", p);
                    }
                } catch (IOException e) {
                    log.warn("display: {} cannot be read: {}; not published", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.warn("display: cannot list {}: {}", dir, e.getMessage());
        }
        return new DeviceConfigs(out);
    }

    public Map<String, String> all() {
        return configs;
    }
}
