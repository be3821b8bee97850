package dev.switchboard.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Lets an appender write only when it is the chosen log format ({@code SWITCHBOARD_LOG_FORMAT}). Both appenders
 * stay attached: an appender defined but not attached makes logback print its whole status (30 lines) at start.
 */
public final class LogFormatFilter extends Filter<ILoggingEvent> {

    private String format;
    private String chosen;

    /** The format this appender writes: {@code plain} or {@code json}. */
    public void setFormat(String format) {
        this.format = format;
    }

    /** The format chosen for this run. */
    public void setChosen(String chosen) {
        this.chosen = chosen;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return format != null && format.equalsIgnoreCase(chosen) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
