package dev.switchboard.dispatch;

import dev.switchboard.twilio.TwilioLookup;

import com.twilio.exception.ApiException;
import com.twilio.rest.api.v2010.account.Message;
import dev.switchboard.store.StaleMessages;
import dev.switchboard.store.StatusReport;
import dev.switchboard.store.StatusStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Twilio's advice for lost callbacks: a message not final some hours after sending is fetched by SID and
 * its current status applied through the callbacks' own path (history kept once, never backwards).
 */
public final class StaleStatusJob {

    private static final Logger LOG = LoggerFactory.getLogger(StaleStatusJob.class);
    /** The history's source for a status read from Twilio rather than called back. */
    static final String SOURCE = "twilio-fetch";

    private final StaleMessages stale;
    private final StatusStore statuses;
    private final TwilioLookup lookup;
    private final CircuitBreaker breaker;
    private final Duration after;
    private final int batch;

    public StaleStatusJob(StaleMessages stale, StatusStore statuses, TwilioLookup lookup, CircuitBreaker breaker,
                          Duration after, int batch) {
        this.stale = stale;
        this.statuses = statuses;
        this.lookup = lookup;
        this.breaker = breaker;
        this.after = after;
        this.batch = batch;
    }

    /** Twilio's current state of a message as a status report; the same state read twice dedupes to one. */
    static StatusReport report(Message m) {
        String status = m.getStatus().toString();
        Integer code = m.getErrorCode() != null && m.getErrorCode() != 0 ? m.getErrorCode() : null;
        return new StatusReport(m.getSid(), status, code, m.getErrorMessage(), "{}", "fetch:" + status + ":" + code);
    }

    /** Fetches one bounded batch; returns how many statuses moved forward. Stops at the first Twilio failure. */
    public int run() {
        int applied = 0;
        for (StaleMessages.Stale s : stale.due(after, after.multipliedBy(6), batch)) {
            Message m;
            try {
                m = breaker.executeCallable(() -> lookup.fetch(s.twilioSid()));
            } catch (ApiException e) {
                if (Integer.valueOf(404).equals(e.getStatusCode())) {
                    LOG.warn("Message {}: Twilio no longer knows {}; left as it is", s.id(), s.twilioSid());
                    stale.fetched(s.id());
                    continue;
                }
                LOG.warn("Stale-status fetch stopped at message {}: {}", s.id(), e.toString());
                return applied;
            } catch (Exception e) {
                LOG.warn("Stale-status fetch stopped at message {}: {}", s.id(), e.toString());
                return applied;
            }
            if (m.getStatus() != null && statuses.apply(report(m), SOURCE) == StatusStore.Outcome.APPLIED) {
                applied++;
            }
            stale.fetched(s.id());
        }
        return applied;
    }
}
