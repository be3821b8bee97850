package dev.switchboard.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Log lines as logback.xml prints them: user text cannot forge a line, phone numbers are masked. */
class LogSafetyTest {

    @AfterEach
    void unmaskedNoMore() {
        LogSafety.maskPhones(true);
    }

    @Test
    void line_breaks_in_user_text_cannot_forge_a_log_line() {
        String printed = print("Inbound {}", "hi\r\n12:00:00.000 INFO  [main] d.s.Admin - granted admin\u2028x", null);

        assertThat(printed.strip()).doesNotContain("\n").doesNotContain("\r")
                .contains("hi\\r\\n12:00:00.000 INFO").contains("\\u2028x");
    }

    @Test
    void an_exception_message_with_line_breaks_stays_on_its_line() {
        String printed = print("failed", null, new IllegalStateException("bad\n12:00:00.000 INFO  [main] forged +14155550100"));

        assertThat(printed.lines().filter(l -> l.contains("forged"))).singleElement()
                .satisfies(l -> assertThat(l).startsWith("java.lang.IllegalStateException: bad\\n12:00").contains("+1415•••0100"));
    }

    @Test
    void phone_numbers_are_masked_by_default_and_can_be_shown() {
        assertThat(print("to {} and {}", "+14155550100", null)).contains("to +1415•••0100 and");
        assertThat(LogSafety.line("whatsapp:+447911123456, ref +12 and +123456789012345678"))
                .isEqualTo("whatsapp:+4479•••3456, ref +12 and +123456789012345678");

        LogSafety.maskPhones(false);
        assertThat(print("to {}", "+14155550100", null)).contains("to +14155550100");
    }

    @SuppressWarnings("unchecked")
    private static String print(String format, Object arg, Throwable t) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var layout = ((LayoutWrappingEncoder<ILoggingEvent>) ((ConsoleAppender<ILoggingEvent>) root.getAppender("plain"))
                .getEncoder()).getLayout();
        LoggingEvent event = new LoggingEvent("test", ctx.getLogger("test"), Level.INFO, format, t,
                arg == null ? new Object[0] : new Object[] {arg});
        return layout.doLayout(event);
    }
}
