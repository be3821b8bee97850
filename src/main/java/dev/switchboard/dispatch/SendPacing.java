package dev.switchboard.dispatch;

import dev.switchboard.domain.Channel;

import dev.switchboard.settings.Settings;
import dev.switchboard.store.Pacing;
import dev.switchboard.store.SlotPlan;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.twilio.TwilioAccess;

import java.time.Duration;

/** Switchboard's answer to who sends each message and how fast: the sender rates and the configured defaults. */
public final class SendPacing implements Pacing {

    /** Time for a claimed message to reach its wait (consent re-check) before its send time. */
    static final Duration LEAD = Duration.ofMillis(100);

    private final SenderRates rates;
    private final TwilioAccess twilio;
    private final Duration horizon;
    private final double bulkMinShare;
    private volatile SendSpacing gate;

    public SendPacing(SenderRates rates, TwilioAccess twilio, Duration horizon) {
        this(rates, twilio, horizon, 0);
    }

    public SendPacing(SenderRates rates, TwilioAccess twilio, Duration horizon, double bulkMinShare) {
        this.rates = rates;
        this.twilio = twilio;
        this.horizon = horizon;
        this.bulkMinShare = bulkMinShare;
    }

    /**
     * {@code switchboard.bulk.min-share}: a fraction ({@code 0.1}) or a percentage ({@code 10%}), from 0 to 90 %;
     * anything else stops start-up with the setting's name.
     */
    public static double bulkMinShare(Settings settings) {
        String value = settings.get("switchboard.bulk.min-share", "10%").trim();
        try {
            double share = value.endsWith("%") ? Double.parseDouble(value.substring(0, value.length() - 1).trim()) / 100
                    : Double.parseDouble(value);
            if (share >= 0 && share <= 0.9) {
                return share;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("switchboard.bulk.min-share (SWITCHBOARD_BULK_MIN_SHARE) must be a share"
                + " from 0 to 90 % such as 10% or 0.1, was '" + value + "'");
    }

    @Override
    public double bulkMinShare() {
        return bulkMinShare;
    }

    /** The account gate whose backlog new send times wait for ({@link #sendBacklog()}). */
    public void watch(SendSpacing gate) {
        this.gate = gate;
    }

    /**
     * Ignored below a tenth of a second or two of the account's intervals: that much is the gate's ordinary jitter,
     * which its own catching up takes care of (at 1/s a single early arrival looked like a queue).
     */
    @Override
    public Duration sendBacklog() {
        SendSpacing g = gate;
        long nanos = g == null ? 0 : g.backlogNanos();
        long floor = Math.max(100_000_000L, 2 * SlotPlan.interval(rates.account()).toNanos());
        return nanos < floor ? Duration.ZERO : Duration.ofNanos(nanos);
    }

    /**
     * As {@link CreatorHeaders} will address it: {@code whatsapp:} + the WhatsApp sender, else the message's
     * own {@code from}, the Messaging Service or the default number. (A WhatsApp message that falls back to
     * SMS at dispatch keeps its WhatsApp slot: a rare, slower-than-needed case.)
     */
    @Override
    public String senderOf(StoredMessage m) {
        if (Channel.WHATSAPP.is(m.channel())) {
            return Channel.WHATSAPP.address(m.from() != null ? m.from() : twilio.whatsappNumber());
        }
        return m.from() != null ? m.from()
                : twilio.messagingServiceSid() != null ? twilio.messagingServiceSid() : twilio.phoneNumber();
    }

    @Override
    public double rateOf(String sender) {
        return rates.of(sender);
    }

    @Override
    public double accountRate() {
        return rates.account();
    }

    @Override
    public Duration horizon() {
        return horizon;
    }

    /** How far ahead messages are claimed: a second, or three polls when polling is slower. */
    public static Duration horizon(Settings settings) {
        return Duration.ofMillis(Math.max(1_000, 3 * settings.getLong("switchboard.outbox.poll-ms", 200)));
    }

    @Override
    public Duration lead() {
        return LEAD;
    }

    /**
     * How late a message may still be sent: one account interval, at least 20 ms and at most 100 ms. Later, it
     * takes a new place at the end of the schedule. It cannot make a burst either way: the send stage spaces
     * requests by one account interval right before each one ({@link SendSpacing}). A tighter tolerance (5 ms at
     * 225/s) rescheduled hundreds of messages a minute whose threads merely woke a few ms late, and the
     * achieved rate fell 2 % short.
     */
    public Duration lateTolerance() {
        long nanos = (long) (1_000_000_000d / rates.account());
        return Duration.ofNanos(Math.max(20_000_000L, Math.min(100_000_000L, nanos)));
    }
}
