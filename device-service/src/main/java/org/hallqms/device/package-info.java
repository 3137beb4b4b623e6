/**
 * The hall's devices as parties (contract v1.1): each device's own broker identity and secret (stored only as
 * Mosquitto's {@code $7$} hash), the service's identity, the ACL of design §9 enforced by the embedded broker and
 * written for Mosquitto by the {@code mqtt-acl} tool, refusals counted into a misuse alarm, and each device's
 * presence (its reported state, last heard from). The messages themselves are read and answered in
 * {@code org.hallqms.mqtt}.
 */
package org.hallqms.device;
