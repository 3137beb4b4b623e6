/**
 * The MQTT side of the hall (contract v1): the embedded broker, the service's own client link with its
 * presence and last will, and the gateway that validates every device message, answers it with an ack,
 * tracks device presence and turns caller keypad commands into counter actions.
 */
package org.hallqms.device;
