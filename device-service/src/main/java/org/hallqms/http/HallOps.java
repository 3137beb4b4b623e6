package org.hallqms.http;

import java.util.List;
import java.util.Map;

/**
 * What only the hall as a whole answers, across its parts (store, broker, printers, devices): its health and
 * metrics, and the admin's device views. The routes ask it each time; nothing is cached here.
 */
public interface HallOps {
    /** {@code GET /health}: {@code database.ok} and {@code disk.low} decide 200 or 503. */
    Map<String, Object> health();

    /** {@code GET /metrics}: the Prometheus text exposition. */
    String metrics();

    /** Catalogue devices with their reported state and broker secret, and the printers. */
    List<Map<String, Object>> devices();

    /** The config each device receives, for the admin page; read-only. */
    Map<String, Object> deviceConfigs();

    /** Reads the device files again and publishes them when they all pass (else a problem listing them). */
    Map<String, Object> reloadDevices();

    /** A device's new broker secret, shown once (MQTT contract v1.1). */
    Object deviceSecret(String device);
}
