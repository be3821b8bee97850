package dev.switchboard.dispatch;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** When each message left for Twilio, and from which sender: recorded just before camel-twilio's create call. */
final class SendLog {

    record Send(String sender, long nanos, String body) {
    }

    private final Queue<Send> sends = new ConcurrentLinkedQueue<>();

    /** Records the sends of {@code context} (one log may watch several instances in this JVM). */
    void watch(CamelContext context) {
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeSendingEvent sending
                        && sending.getEndpoint().getEndpointUri().startsWith("twilio://message")) {
                    Object from = sending.getExchange().getMessage().getHeader("CamelTwilio.from");
                    Object service = sending.getExchange().getMessage().getHeader("CamelTwilio.messagingServiceSid");
                    sends.add(new Send(String.valueOf(from != null ? from : service), System.nanoTime(),
                            String.valueOf(sending.getExchange().getMessage().getHeader("CamelTwilio.body"))));
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeSendingEvent;
            }
        });
    }

    /** Forgets every send so far. */
    void clear() {
        sends.clear();
    }

    int count() {
        return sends.size();
    }

    /** Send times of one sender (null: all), in order. */
    List<Long> times(String sender) {
        List<Long> times = new ArrayList<>();
        sends.stream().filter(s -> sender == null || s.sender().equals(sender)).forEach(s -> times.add(s.nanos()));
        times.sort(Long::compare);
        return times;
    }

    /** The most sends in any one-second window, sliding over every send. */
    int busiestSecond(String sender) {
        List<Long> t = times(sender);
        int best = 0;
        for (int i = 0, j = 0; i < t.size(); i++) {
            while (t.get(i) - t.get(j) >= 1_000_000_000L) {
                j++;
            }
            best = Math.max(best, i - j + 1);
        }
        return best;
    }

    /** When the message with this body left for Twilio (System.nanoTime), or null if it has not. */
    Long timeOf(String body) {
        return sends.stream().filter(s -> body.equals(s.body())).map(Send::nanos).findFirst().orElse(null);
    }

    /** How many sends whose body starts with {@code prefix} left after {@code nanos}. */
    long countAfter(String prefix, long nanos) {
        return sends.stream().filter(s -> s.body().startsWith(prefix) && s.nanos() > nanos).count();
    }

    Duration span(String sender) {
        List<Long> t = times(sender);
        return t.isEmpty() ? Duration.ZERO : Duration.ofNanos(t.get(t.size() - 1) - t.get(0));
    }
}
