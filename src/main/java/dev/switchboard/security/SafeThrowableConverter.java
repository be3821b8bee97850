package dev.switchboard.security;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.core.CoreConstants;

/**
 * {@code %safeEx} in logback.xml: a stack trace as logback prints it, but each exception's message kept on its own
 * line (escaped, phones masked): a message with line breaks cannot add lines that look like log entries.
 */
public final class SafeThrowableConverter extends ThrowableHandlingConverter {

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy tp = event.getThrowableProxy();
        if (tp == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(2048);
        append(out, tp, "", 0);
        return out.toString();
    }

    private static void append(StringBuilder out, IThrowableProxy tp, String caption, int indent) {
        if (indent > 20) {
            return; // a pathological cause chain
        }
        indent(out, indent).append(caption).append(tp.getClassName());
        if (tp.getMessage() != null) {
            out.append(": ").append(LogSafety.line(tp.getMessage()));
        }
        out.append(CoreConstants.LINE_SEPARATOR);
        StackTraceElementProxy[] frames = tp.getStackTraceElementProxyArray();
        int common = tp.getCommonFrames();
        for (int i = 0; i < frames.length - common; i++) {
            indent(out, indent).append('\t').append(frames[i].getSTEAsString()).append(CoreConstants.LINE_SEPARATOR);
        }
        if (common > 0) {
            indent(out, indent).append("\t... ").append(common).append(" common frames omitted")
                    .append(CoreConstants.LINE_SEPARATOR);
        }
        IThrowableProxy[] suppressed = tp.getSuppressed();
        if (suppressed != null) {
            for (IThrowableProxy s : suppressed) {
                append(out, s, "Suppressed: ", indent + 1);
            }
        }
        if (tp.getCause() != null && !tp.isCyclic()) {
            append(out, tp.getCause(), "Caused by: ", indent);
        }
    }

    private static StringBuilder indent(StringBuilder out, int indent) {
        for (int i = 0; i < indent; i++) {
            out.append('\t');
        }
        return out;
    }
}
