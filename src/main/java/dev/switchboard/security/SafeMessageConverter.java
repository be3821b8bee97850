package dev.switchboard.security;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %msg} in logback.xml: the formatted message as one line, phone numbers masked ({@link LogSafety}). */
public final class SafeMessageConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogSafety.line(event.getFormattedMessage());
    }
}
