package dev.switchboard.dispatch;

import dev.switchboard.domain.Vars;
import dev.switchboard.store.Claim;
import dev.switchboard.store.Pacing;
import org.apache.camel.Exchange;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sender's own gate, right before the account's ({@link SendSpacing}): this instance's requests for one sender
 * leave at that sender's rate, never more than {@code ceil(rate)} of them in any one second. On time they already
 * are (the send schedule); this holds back messages of a slower sender that bunched up after their send times while
 * the send stage was behind. Issue 15: at a cold start (the first Twilio request takes hundreds of milliseconds) the
 * messages queued behind it left at the account's interval, and a sender at 20/s made 24 requests in one second.
 * A sender at the account's rate or above has no gate of its own: the account's spaces it.
 */
public final class SenderSpacing {

    private final Pacing pacing;
    private final Map<String, SendSpacing> gates = new ConcurrentHashMap<>();

    public SenderSpacing(Pacing pacing) {
        this.pacing = pacing;
    }

    /** Returns once this claim's sender may make its next request. */
    public void await(Exchange exchange) throws InterruptedException {
        Claim claim = exchange.getProperty(Vars.CLAIM, Claim.class);
        String sender = pacing.senderOf(claim.message());
        double rate = pacing.rateOf(sender);
        if (rate >= pacing.accountRate()) {
            return;
        }
        gates.computeIfAbsent(sender, s -> new SendSpacing(rate)).await();
    }
}
