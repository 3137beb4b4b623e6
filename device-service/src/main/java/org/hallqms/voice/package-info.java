/**
 * The hall's voice (design §10): the pack of WAV clips (the jar's default, any clip replaced from
 * {@code QMS_VOICE_DIR}), the clip sequence of a call's sentence, the call's audio as one WAV for the board
 * page, and the board's own speaker ({@code QMS_SPEAKER}) that plays each call through javax.sound.
 */
package org.hallqms.voice;
