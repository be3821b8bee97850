package dev.switchboard.dispatch;

import dev.switchboard.domain.CheckSchedule;
import dev.switchboard.observe.Meters;
import dev.switchboard.twilio.TwilioLookup;

import com.twilio.exception.ApiException;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import dev.switchboard.store.StaleMessages;
import dev.switchboard.store.StatusReport;
import dev.switchboard.store.StatusStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Lost callbacks found in minutes (Twilio does not retry a status callback): a message or call not final some time
 * after its last status change is fetched by SID on the {@link CheckSchedule} (10 min, 1 h, 6 h, 24 h, then daily,
 * for 3 days by default), and what Twilio says is applied through the callbacks' own path (history kept once,
 * never backwards). At most {@code batch} fetches a run, one at a time through the breaker.
 */
public final class StaleStatusJob {

    private static final Logger LOG = LoggerFactory.getLogger(StaleStatusJob.class);
    /** The history's source for a status read from Twilio rather than called back. */
    static final String SOURCE = "twilio-fetch";

    private final StaleMessages stale;
    private final StatusStore statuses;
    private final TwilioLookup lookup;
    private final CircuitBreaker breaker;
    private final CheckSchedule schedule;
    private final int batch;
    private final Clock clock;
    private final Meters meters;

    public StaleStatusJob(StaleMessages stale, StatusStore statuses, TwilioLookup lookup, CircuitBreaker breaker,
                          int batch, Clock clock, Meters meters) {
        this.stale = stale;
        this.statuses = statuses;
        this.lookup = lookup;
        this.breaker = breaker;
        this.schedule = statuses.checks();
        this.batch = batch;
        this.clock = clock;
        this.meters = meters;
    }

    /** Twilio's current state of a message as a status report; the same state read twice dedupes to one. */
    static StatusReport report(Message m) {
        String status = m.getStatus().toString();
        Integer code = m.getErrorCode() != null && m.getErrorCode() != 0 ? m.getErrorCode() : null;
        return new StatusReport(m.getSid(), status, code, m.getErrorMessage(), "{}", "fetch:" + status + ":" + code);
    }

    /** Twilio's current state of a call as a status report. */
    static StatusReport report(Call call) {
        String status = call.getStatus().toString();
        return new StatusReport(call.getSid(), status, null, null, "{}", "fetch:" + status);
    }

    /** Fetches one bounded batch; returns how many statuses moved forward. Stops at the first Twilio failure. */
    public int run() {
        int applied = 0;
        for (StaleMessages.Stale s : stale.due(batch)) {
            StatusReport report;
            try {
                report = breaker.executeCallable(() -> s.call() ? report(lookup.fetchCall(s.twilioSid()))
                        : report(lookup.fetch(s.twilioSid())));
            } catch (ApiException e) {
                if (Integer.valueOf(404).equals(e.getStatusCode())) {
                    LOG.warn("{} {}: Twilio no longer knows {}; left as it is", s.call() ? "Call" : "Message", s.id(),
                            s.twilioSid());
                    stale.fetched(s, null);
                    meters.statusFetch("not_found");
                    continue;
                }
                return stopped(s, e, applied);
            } catch (Exception e) {
                return stopped(s, e, applied);
            }
            if (statuses.apply(report, SOURCE) == StatusStore.Outcome.APPLIED) {
                applied++; // the change set the next fetch (or none, if final)
                meters.statusFetch("updated");
                continue;
            }
            Optional<Instant> next = schedule.next(s.changedAt(), clock.instant());
            if (next.isEmpty()) {
                LOG.warn("{} {} ({}) is still {} at Twilio {} after its last status change: no further fetch",
                        s.call() ? "Call" : "Message", s.id(), s.twilioSid(), report.status(), schedule.giveUp());
            }
            stale.fetched(s, next.orElse(null));
            meters.statusFetch(next.isEmpty() ? "gave_up" : "unchanged");
        }
        return applied;
    }

    private int stopped(StaleMessages.Stale s, Exception e, int applied) {
        LOG.warn("Status fetch stopped at {} {}: {}", s.call() ? "call" : "message", s.id(), e.toString());
        meters.statusFetch("failed");
        return applied;
    }
}
