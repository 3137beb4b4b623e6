/**
 * The service as a whole: {@code Main} reads the configuration, {@code Hall} wires the features by hand
 * (store, domain, broker, HTTP, devices) and stops them in reverse; {@code Problem} lists every refusal with
 * its stable type.
 */
package org.hallqms;
