package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Claims due messages with a send time each, from the database-held schedule ({@link SendSlots}). The
 * account row is locked first, so claims of all instances plan one after another against the same
 * budget: the account-wide rate holds in total, however many instances run.
 */
public final class PacedClaims {

    private final DataSource ds;
    private final Dialect dialect;
    private final Clock clock;
    private final SendSlots slots;
    /** Per sender: how near bulk is to its next guaranteed slot (SlotPlan); this instance's own. */
    private final Map<String, Double> bulkCredit = new java.util.concurrent.ConcurrentHashMap<>();

    /** Since when this instance's send gate has had a queue (null: none), and when the schedule last left a gap. */
    private Instant queuedSince;
    private Instant lastGap;

    public PacedClaims(DataSource ds, Dialect dialect, Clock clock, SendSlots slots) {
        this.ds = ds;
        this.dialect = dialect;
        this.clock = clock;
        this.slots = slots;
    }

    /**
     * Up to {@code limit} due messages whose send time falls within the pacing horizon, ordered by that
     * time. The others are not claimed (no attempt counted) and fall due again about when their turn comes.
     */
    public List<Claim> claim(String owner, int limit, Duration lease, Pacing pacing) {
        return Jdbc.inTransaction(ds, c -> {
            Instant now = clock.instant();
            Instant account = slots.lock(c, List.of(SendSlots.ACCOUNT)).get(SendSlots.ACCOUNT);
            List<DueRows.Due> locked = DueRows.lock(c, dialect, OutboxStore.Lane.MESSAGES, now, limit, pacing.bulkMinShare());
            if (locked.isEmpty()) {
                return List.of();
            }
            Map<String, DueRows.Due> byId = new HashMap<>();
            locked.forEach(d -> byId.put(d.message().id(), d));
            List<StoredMessage> due = locked.stream().map(DueRows.Due::message).toList();
            Set<String> senders = new LinkedHashSet<>();
            due.forEach(m -> senders.add(pacing.senderOf(m)));
            // While requests queue at this instance's send gate, the schedule leaves a gap as long as that queue, so
            // it drains. Otherwise the schedule, at exactly the gate's rate, would keep it standing for good (a
            // constant 2-5 s wait for every message, transactional ones too, seen at 225/s after a slow spell).
            Instant earliest = now.plus(pacing.lead());
            Duration backlog = standingBacklog(pacing, now);
            if (!backlog.isZero()) {
                account = (account == null || account.isBefore(earliest) ? earliest : account).plus(backlog);
            }
            SlotPlan plan = SlotPlan.plan(due, pacing, slots.lock(c, senders), account, earliest, bulkCredit);
            Map<String, Instant> sendAt = new HashMap<>();
            List<DueRows.Due> claimed = new ArrayList<>(plan.claimed().size());
            for (SlotPlan.Slotted s : plan.claimed()) {
                sendAt.put(s.message().id(), s.at());
                claimed.add(byId.get(s.message().id()));
            }
            // The lease runs from the send time: a message claimed ahead keeps its whole lease for the request.
            DueRows.markClaimed(c, claimed, owner, now, d -> sendAt.get(d.message().id()).plus(lease));
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET next_attempt_at = ? WHERE id = ?")) {
                for (SlotPlan.Slotted s : plan.deferred()) {
                    Jdbc.setTime(ps, 1, s.at());
                    ps.setString(2, s.message().id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Map<String, Instant> next = new TreeMap<>(plan.nextFree());
            next.put(SendSlots.ACCOUNT, plan.accountNext());
            slots.save(c, next);
            List<Claim> claims = new ArrayList<>(claimed.size());
            for (DueRows.Due d : claimed) {
                claims.add(d.claim(owner, now, sendAt.get(d.message().id())));
            }
            return claims;
        });
    }

    /**
     * The send gate's queue when it has stood for a whole horizon (a passing one drains by itself, and a gap for
     * it would only idle the gate), at most once a horizon: what was claimed before still arrives for that long.
     */
    private synchronized Duration standingBacklog(Pacing pacing, Instant now) {
        Duration backlog = pacing.sendBacklog();
        if (backlog.isZero()) {
            queuedSince = null;
            return Duration.ZERO;
        }
        if (queuedSince == null) {
            queuedSince = now;
        }
        Duration horizon = pacing.horizon();
        if (now.isBefore(queuedSince.plus(horizon)) || (lastGap != null && now.isBefore(lastGap.plus(horizon)))) {
            return Duration.ZERO;
        }
        lastGap = now;
        return backlog;
    }
}
