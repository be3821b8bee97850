package dev.switchboard.sandbox;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import dev.switchboard.twilio.RetrylessHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** The sandbox's message list (Twilio's filters and pages) and the faults that leave a create's outcome unknown. */
class MessageListTest {

    private static final PhoneNumber FROM = new PhoneNumber("+15005550006");
    private static final PhoneNumber TO = new PhoneNumber("+15558675310");
    private static final PhoneNumber OTHER = new PhoneNumber("+15558675311");

    private TwilioSandbox sandbox;
    private TwilioRestClient client;

    @BeforeEach
    void start() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults().withCallbackDelayMillis(10_000));
        // Switchboard's own client: the SDK's default one would resend a 5xx by itself.
        client = new TwilioRestClient.Builder(sandbox.config().accountSid(), sandbox.config().authToken())
                .accountSid(sandbox.config().accountSid())
                .httpClient(new RetrylessHttpClient(sandbox.baseUrl(), 2000, 5000, 4)).build();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void lists_by_to_and_from_newest_first_across_pages() {
        String first = Message.creator(TO, FROM, "one").create(client).getSid();
        Message.creator(OTHER, FROM, "elsewhere").create(client);
        String second = Message.creator(TO, FROM, "two").create(client).getSid();

        List<String> sids = new ArrayList<>();
        Message.reader().setTo(TO).setFrom(FROM).setPageSize(1L).read(client).forEach(m -> sids.add(m.getSid()));

        assertThat(sids).containsExactly(second, first);
        assertThat(Message.reader().setFrom(new PhoneNumber("+15005550007")).read(client)).isEmpty();
    }

    @Test
    void date_sent_filters_are_day_granular_and_skip_messages_not_sent_yet() {
        Message.creator(TO, FROM, "still queued").create(client);
        ZonedDateTime today = ZonedDateTime.now(ZoneOffset.UTC);

        assertThat(Message.reader().setTo(TO).read(client)).hasSize(1);
        assertThat(Message.reader().setTo(TO).setDateSentAfter(today.minusDays(1)).read(client)).isEmpty();
        assertThat(Message.reader().setTo(TO).setDateSent(today).read(client)).isEmpty();
    }

    @Test
    void date_sent_matches_the_day_once_the_message_is_sent() {
        try (TwilioSandbox quick = TwilioSandbox.start(SandboxConfig.defaults().withCallbackDelayMillis(10))) {
            TwilioRestClient c = SandboxRoutingHttpClient.restClient(quick);
            String sid = Message.creator(TO, FROM, "sent soon").create(c).getSid();
            await().atMost(Duration.ofSeconds(5)).until(() -> !"queued".equals(
                    Message.fetcher(sid).fetch(c).getStatus().toString()));
            ZonedDateTime today = ZonedDateTime.now(ZoneOffset.UTC);

            assertThat(Message.reader().setTo(TO).setDateSentAfter(today.minusDays(1)).read(c)).hasSize(1);
            assertThat(Message.reader().setTo(TO).setDateSentBefore(today.minusDays(1)).read(c)).isEmpty();
        }
    }

    @Test
    void create_then_fail_stores_the_message_but_answers_a_5xx() {
        sandbox.messageFaults().createThenFail(1, 502);

        ApiException e = catchThrowableOfType(ApiException.class, () -> Message.creator(TO, FROM, "x").create(client));

        assertThat(e.getStatusCode()).isEqualTo(502);
        assertThat(sandbox.messagesCreated()).isEqualTo(1);
        assertThat(sandbox.createRequestsTo(TO.toString())).isEqualTo(1);
        assertThat(Message.reader().setTo(TO).read(client)).hasSize(1);
    }

    @Test
    void stall_without_creating_stores_nothing() {
        sandbox.messageFaults().stallWithoutCreating(1, 10);

        catchThrowableOfType(ApiException.class, () -> Message.creator(TO, FROM, "x").create(client));

        assertThat(sandbox.messagesCreated()).isZero();
        assertThat(sandbox.createRequestsTo(TO.toString())).isEqualTo(1);
        assertThat(Message.reader().setTo(TO).read(client)).isEmpty();
    }
}
