/**
 * What the hall's walls show, independent of how it travels: each window screen kept from the committed events
 * ({@code Screens}), the main board, what a call says and where its audio is ({@code Calls}), and the device files
 * of display-firmware-config: their checks, the rows rendered from their templates, glyph lists and the reference
 * ESPHome configurations. {@code org.hallqms.mqtt} publishes it.
 */
package org.hallqms.display;
