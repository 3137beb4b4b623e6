/**
 * The MQTT side of the hall (contract v1.1): the embedded broker and who may do what on it (device trust:
 * each device's own secret, stored only as Mosquitto's {@code $7$} hash; the service's own identity; the
 * ACL of design §9; refusals counted and turned into a misuse alarm), the {@code mqtt-acl} tool that writes
 * the same rules for Mosquitto, the service's own client link with its presence and last will, and the
 * gateway that validates every device message, answers it with an ack, tracks device presence and turns
 * caller keypad commands into counter actions.
 */
package org.hallqms.device;
