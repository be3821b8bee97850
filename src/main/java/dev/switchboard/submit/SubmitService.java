package dev.switchboard.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.consent.Admission;
import dev.switchboard.domain.Channel;
import dev.switchboard.consent.Verdict;
import dev.switchboard.domain.Destinations;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.domain.MessageRequest;
import dev.switchboard.domain.MessageStatus;
import dev.switchboard.domain.Segments;
import dev.switchboard.domain.SmartEncoding;
import dev.switchboard.observe.Meters;
import dev.switchboard.store.Ids;
import dev.switchboard.store.MessageStore;
import dev.switchboard.store.NewMessage;
import dev.switchboard.store.Refusal;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.voice.VoiceCallJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The front door's logic: normalise a canonical request, compute its segments, check consent, the
 * WhatsApp window and quiet hours, dedupe it by idempotency key and commit it to the outbox.
 * Returns only after the row is committed.
 */
public final class SubmitService {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Policy knobs of the front door. */
    /**
     * {@code callbackCheck} refuses a request's statusCallbackUrl that the webhook policy would never call (it throws
     * {@link InvalidRequestException}).
     */
    public record Options(boolean defaultSender, boolean smartEncoding, int maxSegments,
                          java.util.function.Consumer<String> callbackCheck) {

        public Options(boolean defaultSender, boolean smartEncoding, int maxSegments) {
            this(defaultSender, smartEncoding, maxSegments, url -> { });
        }
    }

    private final Destinations destinations;
    private final MessageStore store;
    private final Admission admission;
    private final Clock clock;
    private final Options options;
    private final Meters meters;

    public SubmitService(MessageStore store, Admission admission, Clock clock, Options options, Meters meters) {
        this(store, admission, clock, options, meters, Destinations.ALL);
    }

    /** @param destinations the countries requests may go to; others are refused with 422 before anything is stored */
    public SubmitService(MessageStore store, Admission admission, Clock clock, Options options, Meters meters,
                         Destinations destinations) {
        this.destinations = destinations;
        this.store = store;
        this.admission = admission;
        this.clock = clock;
        this.options = options;
        this.meters = meters;
    }

    public SubmitResult submit(MessageRequest request) {
        Prepared prepared = prepare(request, null);
        MessageStore.Inserted inserted = store.insert(prepared.row());
        if (inserted.refused() != null) {
            throw overLimit(request, inserted.refused());
        }
        SubmitResult result = answer(request, prepared, inserted);
        if (!result.replayed()) {
            meters.accepted(request.source(), 1);
            LOG.info("Message {} {}{} from {} to {} ({} segment(s), {})", result.id(), result.status(),
                    result.reason() == null ? "" : " (" + result.reason() + ")", request.source(), request.to().masked(),
                    result.segments(), result.encoding());
        }
        return result;
    }

    /**
     * The front door for many requests at once (file imports): each is checked exactly as {@link #submit}
     * checks it, with consent read for the whole batch in one go, and all that pass are committed in one
     * transaction. A refused request is reported in its outcome rather than thrown. A database failure is
     * thrown; whatever was committed before it (only the row-by-row fallback commits piecemeal) answers as a
     * duplicate when the batch is retried. Outcomes come in the order of the requests.
     */
    public List<SubmitOutcome> submitBatch(List<MessageRequest> requests) {
        Set<String> phones = new HashSet<>();
        boolean whatsapp = false;
        for (MessageRequest r : requests) {
            phones.add(r.to().value());
            whatsapp |= r.channel() == Channel.WHATSAPP && !r.isTemplate();
        }
        Admission.Facts facts = admission.prefetch(phones, whatsapp);
        SubmitOutcome[] outcomes = new SubmitOutcome[requests.size()];
        List<Prepared> prepared = new ArrayList<>(requests.size());
        List<Integer> positions = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            try {
                prepared.add(prepare(requests.get(i), facts));
                positions.add(i);
            } catch (InvalidRequestException e) {
                outcomes[i] = SubmitOutcome.refused(e.code(), e.field(), e.getMessage());
            }
        }
        List<MessageStore.Inserted> inserted = store.insertBatch(prepared.stream().map(Prepared::row).toList());
        Map<String, Long> accepted = new HashMap<>();
        for (int j = 0; j < prepared.size(); j++) {
            int i = positions.get(j);
            Refusal refusal = inserted.get(j).refused();
            if (refusal != null) {
                InvalidRequestException over = overLimit(requests.get(i), refusal);
                outcomes[i] = SubmitOutcome.refused(over.code(), over.field(), over.getMessage());
                continue;
            }
            try {
                SubmitResult result = answer(requests.get(i), prepared.get(j), inserted.get(j));
                outcomes[i] = SubmitOutcome.of(result);
                if (!result.replayed()) {
                    accepted.merge(requests.get(i).source(), 1L, Long::sum);
                }
            } catch (IdempotencyConflict e) {
                outcomes[i] = SubmitOutcome.refused(IdempotencyConflict.CODE, "idempotencyKey", e.getMessage());
            }
        }
        accepted.forEach(meters::accepted);
        LOG.debug("Batch of {} request(s) from {} committed", requests.size(),
                requests.isEmpty() ? "-" : requests.get(0).source());
        return Arrays.asList(outcomes);
    }

    /** 429 for a request a limit refused (nothing was stored), counted and logged without the number. */
    private InvalidRequestException overLimit(MessageRequest request, Refusal refusal) {
        meters.limitRefusal(refusal.code(), refusal.scope());
        LOG.warn("Request from {} to {} refused: {} ({})", request.source(), request.to().masked(), refusal.code(),
                refusal.scope());
        return InvalidRequestException.overLimit(refusal.code(), "to", refusal.message(), refusal.retryAfterSeconds());
    }

    /** A request turned into its outbox row; smart encoding is remembered for the answer. */
    private record Prepared(NewMessage row, boolean smartEncoded) {
    }

    /** Everything before the write: sender, smart encoding, segments, admission. {@code facts} null = read live. */
    private Prepared prepare(MessageRequest request, Admission.Facts facts) {
        destinations.check(request.to().value(), "to", request.channel().wireName());
        if (request.statusCallbackUrl() != null) {
            options.callbackCheck().accept(request.statusCallbackUrl());
        }
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
        String channel = request.channel().wireName();
        String fallback = request.fallback() == null ? null : request.fallback().wireName();
        Verdict verdict = facts == null
                ? admission.check(channel, request.to().value(), request.isTemplate(), fallback,
                        request.priority().wireName(), request.sendAt())
                : admission.check(facts, channel, request.to().value(), request.isTemplate(), fallback,
                        request.priority().wireName(), request.sendAt());
        return new Prepared(row(request, body, smartEncoded, segments, verdict, now), smartEncoded);
    }

    /** The answer for a written row, or the earlier row's answer when the key was taken by the same request. */
    private static SubmitResult answer(MessageRequest request, Prepared prepared, MessageStore.Inserted inserted) {
        StoredMessage m = inserted.message();
        if (inserted.existing()) {
            if (!m.fingerprint().equals(prepared.row().fingerprint())) {
                throw new IdempotencyConflict(request.idempotencyKey(), m.id());
            }
            return new SubmitResult(m.id(), m.acceptedAs(), m.reason(), m.segments(), m.encoding(), m.smartEncoded(),
                    true);
        }
        return new SubmitResult(m.id(), m.status(), m.reason(), m.segments(), m.encoding(), prepared.smartEncoded(),
                false);
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
                smartEncoded, VoiceCallJson.write(r.voice()), r.voice() == null ? null : r.voice().retryAttempts(),
                r.statusCallbackUrl());
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
