package dev.switchboard.mail;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.RunningSwitchboard;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The email adapter is off unless a mailbox is configured, and an unreachable mail server never stops Switchboard. */
class EmailAdapterOffIT {

    @Test
    void without_a_mailbox_url_switchboard_starts_and_the_email_route_does_not_exist() {
        try (RunningSwitchboard sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("email_off"))) {
            assertThat(sb.context().getRoute("email-requests")).isNull();
            assertThat(sb.context().getRegistry().lookupByName("emailInbox")).isNull();
            assertThat(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"still fine\"}").statusCode()).isEqualTo(202);
        }
    }

    @Test
    void a_mailbox_url_with_enabled_false_pauses_the_adapter() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("email_paused"));
        settings.put("switchboard.mail.url", "imap://u:p@127.0.0.1:" + RunningSwitchboard.freePort() + "/INBOX");
        settings.put("switchboard.mail.enabled", "false");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            assertThat(sb.context().getRoute("email-requests")).isNull();
        }
    }

    @Test
    void an_unreachable_mail_server_does_not_stop_switchboard_from_starting() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("email_unreachable"));
        settings.put("switchboard.mail.url", "imap://u:p@127.0.0.1:" + RunningSwitchboard.freePort() + "/INBOX");
        settings.put("switchboard.mail.poll-ms", "100");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            assertThat(sb.context().getRouteController().getRouteStatus("email-requests")).isEqualTo(ServiceStatus.Started);
            assertThat(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"still fine\"}").statusCode()).isEqualTo(202);
        }
    }
}
