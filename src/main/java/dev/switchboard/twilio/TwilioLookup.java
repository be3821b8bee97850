package dev.switchboard.twilio;

import dev.switchboard.domain.Channel;

import com.twilio.base.Page;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageReader;
import dev.switchboard.store.StoredMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds at Twilio the message an ambiguous attempt may have created: same To, From and body, created after
 * the attempt's claim (minus clock slack), and a SID no other message of ours holds. Lists by To and From
 * only: Twilio's {@code DateSent} filters are day-granular and match {@code date_sent}, which is empty while
 * the message is still queued, exactly the case a lost answer leaves (docs/retries.md).
 */
public final class TwilioLookup {

    /** Twilio's clock and ours may disagree by this much. */
    static final Duration CLOCK_SLACK = Duration.ofMinutes(2);
    private static final int PAGE_SIZE = 50;
    private static final int MAX_PAGES = 4;

    /** The lookup could not say whether the message exists (Twilio failed, or too many candidates to scan). */
    public static final class Inconclusive extends RuntimeException {
        Inconclusive(String message) {
            super(message);
        }
    }

    private final TwilioRestClient client;
    private final TwilioAccess twilio;
    private final Predicate<String> sidTaken;

    /** {@code sidTaken}: whether another message of ours already holds a SID (it cannot be this one's). */
    public TwilioLookup(TwilioRestClient client, TwilioAccess twilio, Predicate<String> sidTaken) {
        this.client = client;
        this.twilio = twilio;
        this.sidTaken = sidTaken;
    }

    /** The message at Twilio this one became, if any; throws on a Twilio failure or {@link Inconclusive}. */
    public Optional<Message> find(StoredMessage m, String channel, Instant attemptedSince) {
        String to = CreatorHeaders.to(m, Channel.of(channel));
        String from = CreatorHeaders.from(m, Channel.of(channel), twilio);
        Instant windowStart = attemptedSince.minus(CLOCK_SLACK);
        MessageReader reader = Message.reader().setTo(to);
        if (from != null) {
            reader.setFrom(from);
        }
        reader.setPageSize((long) PAGE_SIZE);
        Page<Message> page = reader.firstPage(client);
        for (int n = 1; ; n++) {
            boolean olderSeen = false;
            for (Message candidate : page.getRecords()) {
                Instant created = candidate.getDateCreated() == null ? null : candidate.getDateCreated().toInstant();
                if (created != null && created.isBefore(windowStart)) {
                    olderSeen = true;
                } else if (matches(candidate, m, to, from) && !sidTaken.test(candidate.getSid())) {
                    return Optional.of(candidate);
                }
            }
            // Twilio lists newest first; once older messages show up the window is covered.
            if (olderSeen || !page.hasNextPage()) {
                return Optional.empty();
            }
            if (n == MAX_PAGES) {
                throw new Inconclusive("more than " + MAX_PAGES * PAGE_SIZE + " recent messages to this recipient");
            }
            page = reader.nextPage(page, client);
        }
    }

    private static boolean matches(Message candidate, StoredMessage m, String to, String from) {
        return to.equals(candidate.getTo())
                && (from == null || candidate.getFrom() == null || from.equals(candidate.getFrom().toString()))
                // A template's body is rendered by Twilio: nothing of ours to compare.
                && (m.contentSid() != null || Objects.equals(m.body() == null ? "" : m.body(),
                        candidate.getBody() == null ? "" : candidate.getBody()));
    }

    /** The current state of one message at Twilio. */
    public Message fetch(String sid) {
        return Message.fetcher(sid).fetch(client);
    }

    /** The current state of one call at Twilio. */
    public com.twilio.rest.api.v2010.account.Call fetchCall(String sid) {
        return com.twilio.rest.api.v2010.account.Call.fetcher(sid).fetch(client);
    }
}
