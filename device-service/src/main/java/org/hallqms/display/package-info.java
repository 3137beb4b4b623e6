/**
 * What the hall's walls show, published over MQTT after each commit: the retained window displays and main
 * board, the call announcements (from an outbox that is the event log itself, so none is lost or doubled
 * across broker outages and crashes), evaluator sessions and device configs, all republished on reconnect.
 * Also the device files of display-firmware-config: their checks, the rows rendered from their templates,
 * glyph lists and the reference ESPHome configurations.
 */
package org.hallqms.display;
