package dev.switchboard.bench;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import dev.switchboard.twilio.RetrylessHttpClient;

/**
 * The seed's dispatch pattern, the baseline of bench/'s dispatch figure: one synchronous Twilio SDK call per
 * message, one after the other ({@code Message.creator(...).create(client)}), against the same sandbox.
 */
final class SeedLoop {

    private SeedLoop() {
    }

    static Result run(String baseUrl, String accountSid, String authToken, double seconds) {
        TwilioRestClient client = new TwilioRestClient.Builder(accountSid, authToken).accountSid(accountSid)
                .httpClient(new RetrylessHttpClient(baseUrl, 5_000, 15_000, 1)).build();
        Result result = new Result();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        result.start();
        while (System.nanoTime() < end) {
            long sent = System.nanoTime();
            boolean success;
            try {
                success = Message.creator(new PhoneNumber("+1415" + (2_000_000 + n++)), new PhoneNumber("+15005550006"),
                        "Seed loop " + n).create(client).getSid() != null;
            } catch (RuntimeException e) {
                success = false;
            }
            result.record((System.nanoTime() - sent) / 1000, success);
        }
        result.end();
        return result;
    }
}
