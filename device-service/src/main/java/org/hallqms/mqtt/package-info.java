/**
 * The MQTT adapter (contract v1, docs/asyncapi.yaml): the only package that knows topics, payload JSON, QoS and
 * acks. In: the service's one client ({@link org.hallqms.mqtt.MqttLink}) hands every device message to the
 * {@link org.hallqms.mqtt.Gateway}, which checks it, turns it into a domain command (a keypad's counter action,
 * an evaluator's {@link org.hallqms.rating.Rate}, a device's presence), answers it on the device's ack topic and
 * maps the domain's refusals to the contract's ack codes ({@code AckCodes}); a repeated message id gets its first
 * answer again ({@code Acks}, table {@code device_acks}). Out: the {@link org.hallqms.mqtt.Announcer} publishes
 * what the walls show from the committed events: window screens at once on the commit thread, the calls outbox
 * ({@code CallOutbox}), sessions, the board, configs and alarms on its own thread.
 *
 * <p>Who a device is and what it may do on the broker (secrets, ACL, the embedded broker, presence) stays in
 * {@code org.hallqms.device}: it is about devices, not about this protocol's messages, and the {@code mqtt-acl}
 * tool and the broker use it without this package. What a screen shows is {@code org.hallqms.display}.
 */
package org.hallqms.mqtt;
