package dev.switchboard.security;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * {@code SWITCHBOARD_LOG_FORMAT=json}: one JSON object per line ({@code timestamp}, {@code level}, {@code threadName},
 * {@code loggerName}, {@code formattedMessage}, {@code mdc}, {@code throwable}), with the same protection as the
 * plain format: phone numbers masked in the message and in exception messages ({@link LogSafety}). Logback's own
 * JsonEncoder wrote them as logged.
 */
public final class SafeJsonEncoder extends EncoderBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NOTHING = new byte[0];

    private final SafeThrowableConverter throwables = new SafeThrowableConverter();

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("threadName", event.getThreadName());
            g.writeStringField("loggerName", event.getLoggerName());
            g.writeStringField("formattedMessage", masked(event.getFormattedMessage()));
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null && !mdc.isEmpty()) {
                g.writeObjectFieldStart("mdc");
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    g.writeStringField(e.getKey(), masked(e.getValue()));
                }
                g.writeEndObject();
            }
            if (event.getThrowableProxy() != null) {
                g.writeStringField("throwable", throwables.convert(event));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    private static String masked(String text) {
        return text == null ? null : LogSafety.mask(text);
    }
}
