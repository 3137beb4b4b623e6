/**
 * GPIO through Pi4J 2: kiosk service buttons, ready and fault lamps, buzzer, window "next" buttons and
 * five-button evaluators, with software debounce; the mock platform for trying a configuration off the board.
 */
package org.hallqms.gpio;
