package org.hallqms;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The service's logging, set up in code (logback finds it through {@code META-INF/services}): reading the same
 * settings from logback.xml took about 100 ms of every start. One line per event on standard output, which
 * journald keeps: {@code 2026-11-29T08:00:01.234+08:00 INFO  [main] o.h.Hall - hall: ready ...}.
 * <p>
 * {@code QMS_LOG_LEVEL} (environment or system property; INFO unless given) sets the service's own level;
 * libraries log warnings only. A {@code -Dlogback.configurationFile} wins, and so does the tests' logback-test.xml
 * unless {@code -Dqms.logging=service} asks for this setup (a test running the service as a child process).
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        boolean asService = "service".equals(System.getProperty("qms.logging"));
        if (System.getProperty("logback.configurationFile") != null
                || (!asService && LogSetup.class.getClassLoader().getResource("logback-test.xml") != null)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(context);
        out.setName("OUT");
        out.setEncoder(encoder);
        out.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(out);
        context.getLogger("org.hallqms").setLevel(Level.toLevel(ownLevel(), Level.INFO));
        // off a Pi (QMS_GPIO_PLATFORM=mock), Pi4J cannot read a board version and says so as an error
        context.getLogger("com.pi4j.boardinfo").setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static String ownLevel() {
        String level = System.getProperty("QMS_LOG_LEVEL");
        return level != null ? level : System.getenv("QMS_LOG_LEVEL");
    }
}
