package dev.switchboard.testkit;

import dev.switchboard.domain.MessageRequest;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * Tests an inbound route file in a few lines: a whole Switchboard on an in-memory database with the
 * built-in Twilio sandbox and the project's {@code routes/}, recording every canonical request that
 * reaches the front door ({@code direct:submit}).
 *
 * <pre>{@code
 * try (AdapterTestKit kit = AdapterTestKit.start(Map.of("switchboard.inbox.dir", dir.toString()))) {
 *     Files.writeString(dir.resolve("batch.csv"), "to,body\n+14155550100,hello\n");
 *     MessageRequest r = kit.awaitSubmitted(1).get(0);
 *     assertThat(r.body()).isEqualTo("hello");
 * }
 * }</pre>
 */
public final class AdapterTestKit implements AutoCloseable {

    private final RunningSwitchboard switchboard;
    private final List<MessageRequest> submitted;

    private AdapterTestKit(RunningSwitchboard switchboard, List<MessageRequest> submitted) {
        this.switchboard = switchboard;
        this.submitted = submitted;
    }

    /** Starts with {@code settings} over test defaults (H2 in memory, sandbox, fast polling). */
    public static AdapterTestKit start(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        all.put("switchboard.db.url", TestDatabases.freshH2("adapter_test_kit"));
        all.putAll(settings);
        List<MessageRequest> submitted = new CopyOnWriteArrayList<>();
        RunningSwitchboard sb = RunningSwitchboard.start(all, context -> recordFrontDoor(context, submitted));
        return new AdapterTestKit(sb, submitted);
    }

    private static void recordFrontDoor(CamelContext context, List<MessageRequest> submitted) {
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeSendingEvent sending
                        && "direct://submit".equals(sending.getEndpoint().getEndpointUri())
                        && sending.getExchange().getMessage().getBody() instanceof MessageRequest request) {
                    submitted.add(request);
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeSendingEvent;
            }
        });
    }

    /** Every request that reached the front door so far, in order. */
    public List<MessageRequest> submitted() {
        return List.copyOf(submitted);
    }

    /** Waits (up to 10 s) until at least {@code count} requests reached the front door. */
    public List<MessageRequest> awaitSubmitted(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> submitted.size() >= count);
        return submitted();
    }

    /** For routes fed through an endpoint: {@code kit.template().sendBody("direct:my-source", input)}. */
    public ProducerTemplate template() {
        return switchboard.context().createProducerTemplate();
    }

    /** The running Switchboard: its HTTP API, its sandbox (what was sent to "Twilio"), its context. */
    public RunningSwitchboard switchboard() {
        return switchboard;
    }

    @Override
    public void close() {
        switchboard.close();
    }
}
