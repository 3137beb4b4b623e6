/**
 * The hall simulator: virtual screens, board, evaluators and callers that speak the MQTT contract, for demos,
 * load and the end-to-end test of a simulated morning; and the simulated day that measures how far the
 * kiosk's estimated waits are from the real ones (estimate-sim), on a virtual clock.
 */
package org.hallqms.sim;
