/**
 * The hall simulator: virtual screens, board, evaluators and callers that speak the MQTT contract, for demos,
 * load and the end-to-end test of a simulated morning.
 */
package org.hallqms.sim;
