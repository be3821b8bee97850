package dev.switchboard.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Plain JDK HTTP calls to the sandbox, for what the Twilio SDK cannot send or hides (raw bodies, retries, headers). */
final class RawTwilio {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String accountSid;
    private final String authToken;

    RawTwilio(TwilioSandbox sandbox) {
        this(sandbox.baseUrl(), sandbox.config().accountSid(), sandbox.config().authToken());
    }

    RawTwilio(String baseUrl, String accountSid, String authToken) {
        this.baseUrl = baseUrl;
        this.accountSid = accountSid;
        this.authToken = authToken;
    }

    RawTwilio withAuthToken(String token) {
        return new RawTwilio(baseUrl, accountSid, token);
    }

    String messagesPath() {
        return "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
    }

    HttpResponse<String> createMessage(Map<String, String> form) {
        return post(messagesPath(), FormCodec.encode(form));
    }

    HttpResponse<String> post(String path, String formBody) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody)));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + response.body(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        String credentials = accountSid + ":" + authToken;
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
