package dev.switchboard.sandbox;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;

/** A Twilio SDK HTTP client that sends each request to the sandbox instead of https://api.twilio.com. */
final class SandboxRoutingHttpClient extends NetworkHttpClient {

    private final String baseUrl;

    SandboxRoutingHttpClient(String sandboxBaseUrl) {
        this.baseUrl = sandboxBaseUrl;
    }

    /** The real Twilio SDK client, pointed at the sandbox with the sandbox's credentials. */
    static TwilioRestClient restClient(TwilioSandbox sandbox) {
        return restClient(sandbox, sandbox.config().authToken());
    }

    static TwilioRestClient restClient(TwilioSandbox sandbox, String authToken) {
        return new TwilioRestClient.Builder(sandbox.config().accountSid(), authToken)
                .httpClient(new SandboxRoutingHttpClient(sandbox.baseUrl()))
                .build();
    }

    @Override
    public Response makeRequest(Request request) {
        Request routed = new Request(request.getMethod(),
                request.getUrl().replace("https://api.twilio.com", baseUrl));
        request.getPostParams().forEach((name, values) -> values.forEach(v -> routed.addPostParam(name, v)));
        request.getQueryParams().forEach((name, values) -> values.forEach(v -> routed.addQueryParam(name, v)));
        request.getHeaderParams().forEach((name, values) -> values.forEach(v -> routed.addHeaderParam(name, v)));
        if (request.getUsername() != null) {
            routed.setAuth(request.getUsername(), request.getPassword());
        } else if (request.getAuthStrategy() != null) {
            routed.setAuth(request.getAuthStrategy());
        }
        if (request.getContentType() != null) {
            routed.setContentType(request.getContentType());
        }
        if (request.getBody() != null) {
            routed.setBody(request.getBody());
        }
        return super.makeRequest(routed);
    }
}
