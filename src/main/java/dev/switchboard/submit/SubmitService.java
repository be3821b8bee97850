package dev.switchboard.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.consent.Admission;
import dev.switchboard.consent.Verdict;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.domain.MessageRequest;
import dev.switchboard.domain.MessageStatus;
import dev.switchboard.domain.Segments;
import dev.switchboard.domain.SmartEncoding;
import dev.switchboard.store.Ids;
import dev.switchboard.store.MessageStore;
import dev.switchboard.store.NewMessage;
import dev.switchboard.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * The front door's logic: normalise a canonical request, compute its segments, check consent, the
 * WhatsApp window and quiet hours, dedupe it by idempotency key and commit it to the outbox.
 * Returns only after the row is committed.
 */
public final class SubmitService {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Policy knobs of the front door. */
    public record Options(boolean defaultSender, boolean smartEncoding, int maxSegments) {
    }

    private final MessageStore store;
    private final Admission admission;
    private final Clock clock;
    private final Options options;

    public SubmitService(MessageStore store, Admission admission, Clock clock, Options options) {
        this.store = store;
        this.admission = admission;
        this.clock = clock;
        this.options = options;
    }

    public SubmitResult submit(MessageRequest request) {
        if (request.from() == null && !options.defaultSender()) {
            throw InvalidRequestException.unprocessable("missing_from", "from",
                    "'from' is required: no default sender (TWILIO_PHONE_NUMBER or TWILIO_MESSAGING_SERVICE_SID) is configured");
        }
        String body = request.body();
        boolean smartEncoded = false;
        if (options.smartEncoding() && body != null) {
            SmartEncoding.Result replaced = SmartEncoding.apply(body);
            body = replaced.body();
            smartEncoded = replaced.changed();
        }
        Segments segments = Segments.of(body == null ? "" : body);
        if (segments.count() > options.maxSegments()) {
            throw InvalidRequestException.unprocessable("too_many_segments", "body", "'body' needs "
                    + segments.count() + " SMS segments (" + segments.encoding().wireName() + "); the limit is "
                    + options.maxSegments() + " (SWITCHBOARD_MAX_SEGMENTS)");
        }
        Instant now = clock.instant();
        Verdict verdict = admission.check(request.channel().wireName(), request.to().value(), request.isTemplate(),
                request.fallback() == null ? null : request.fallback().wireName(), request.priority().wireName(),
                request.sendAt());
        NewMessage row = row(request, body, smartEncoded, segments, verdict, now);
        MessageStore.Inserted inserted = store.insert(row);
        StoredMessage m = inserted.message();
        if (inserted.existing()) {
            if (!m.fingerprint().equals(row.fingerprint())) {
                throw new IdempotencyConflict(request.idempotencyKey(), m.id());
            }
            return new SubmitResult(m.id(), m.acceptedAs(), m.reason(), m.segments(), m.encoding(), m.smartEncoded(),
                    true);
        }
        LOG.info("Message {} {}{} from {} to {} ({} segment(s), {})", m.id(), m.status(),
                m.reason() == null ? "" : " (" + m.reason() + ")", request.source(), request.to().masked(),
                m.segments(), m.encoding());
        return new SubmitResult(m.id(), m.status(), m.reason(), m.segments(), m.encoding(), smartEncoded, false);
    }

    private NewMessage row(MessageRequest r, String body, boolean smartEncoded, Segments segments, Verdict verdict,
                           Instant now) {
        boolean later = r.sendAt() != null && r.sendAt().isAfter(now);
        MessageStatus status;
        Instant due;
        switch (verdict.kind()) {
            case SUPPRESS -> {
                status = MessageStatus.SUPPRESSED;
                due = null; // never leaves: nothing to send
            }
            case DEFER -> {
                status = MessageStatus.SCHEDULED;
                due = verdict.notBefore();
            }
            default -> {
                status = later ? MessageStatus.SCHEDULED : MessageStatus.ACCEPTED;
                due = later ? r.sendAt() : now;
            }
        }
        return new NewMessage(Ids.newMessageId(now.toEpochMilli()), r.channel().wireName(), r.to().value(), r.from(),
                body, json(r.tags().isEmpty() ? null : r.tags()), segments.count(), segments.encoding().wireName(),
                status.wireName(), r.source(), r.idempotencyKey(), r.fingerprint(), r.sendAt(), due, verdict.reason(),
                r.priority().wireName(), r.contentSid(), json(r.contentVariables().isEmpty() ? null : r.contentVariables()),
                json(r.mediaUrls().isEmpty() ? null : r.mediaUrls()), r.fallback() == null ? null : r.fallback().wireName(),
                smartEncoded);
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings, lists and maps of strings always serialise", e);
        }
    }
}
