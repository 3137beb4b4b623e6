package org.hallqms.voice;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** What a class logs during a test. */
final class Logs {
    private Logs() {
    }

    static ListAppender<ILoggingEvent> capture(Class<?> owner) {
        ListAppender<ILoggingEvent> a = new ListAppender<>();
        a.start();
        ((Logger) LoggerFactory.getLogger(owner)).addAppender(a);
        return a;
    }

    static void release(Class<?> owner, ListAppender<ILoggingEvent> a) {
        ((Logger) LoggerFactory.getLogger(owner)).detachAppender(a);
    }
}
