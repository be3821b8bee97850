package dev.switchboard.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.domain.MessageRequest;
import dev.switchboard.domain.MessageStatus;
import dev.switchboard.domain.Segments;
import dev.switchboard.store.Ids;
import dev.switchboard.store.MessageStore;
import dev.switchboard.store.NewMessage;
import dev.switchboard.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * The front door's logic: normalise a canonical request, compute its segments, dedupe it by
 * idempotency key and commit it to the outbox. Returns only after the row is committed.
 */
public final class SubmitService {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessageStore store;
    private final Clock clock;
    private final boolean defaultSenderConfigured;

    public SubmitService(MessageStore store, Clock clock, boolean defaultSenderConfigured) {
        this.store = store;
        this.clock = clock;
        this.defaultSenderConfigured = defaultSenderConfigured;
    }

    public SubmitResult submit(MessageRequest request) {
        if (request.from() == null && !defaultSenderConfigured) {
            throw InvalidRequestException.unprocessable("missing_from", "from",
                    "'from' is required: no default sender (TWILIO_PHONE_NUMBER or TWILIO_MESSAGING_SERVICE_SID) is configured");
        }
        Instant now = clock.instant();
        Segments segments = Segments.of(request.body());
        boolean later = request.sendAt() != null && request.sendAt().isAfter(now);
        MessageStatus status = later ? MessageStatus.SCHEDULED : MessageStatus.ACCEPTED;
        NewMessage row = new NewMessage(Ids.newMessageId(now.toEpochMilli()), request.channel().wireName(),
                request.to().value(), request.from(), request.body(), tagsJson(request), segments.count(),
                segments.encoding().wireName(), status.wireName(), request.source(), request.idempotencyKey(),
                request.fingerprint(), request.sendAt(), later ? request.sendAt() : now);
        MessageStore.Inserted inserted = store.insert(row);
        StoredMessage m = inserted.message();
        if (inserted.existing()) {
            if (!m.fingerprint().equals(row.fingerprint())) {
                throw new IdempotencyConflict(request.idempotencyKey(), m.id());
            }
            return new SubmitResult(m.id(), m.acceptedAs(), m.segments(), m.encoding(), true);
        }
        LOG.info("Message {} {} from {} to {} ({} segment(s), {})", m.id(), m.status(), request.source(),
                request.to().masked(), m.segments(), m.encoding());
        return new SubmitResult(m.id(), m.status(), m.segments(), m.encoding(), false);
    }

    private static String tagsJson(MessageRequest request) {
        if (request.tags().isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(request.tags());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tags are plain strings and always serialise", e);
        }
    }
}
