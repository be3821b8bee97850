package dev.switchboard.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox's tools are not a door: local clients (or a token) only, no walk to other hosts, bounded bodies. */
class SandboxToolsTest {

    private static TwilioSandbox sandbox;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void the_ivr_walker_calls_no_host_but_this_machine_and_the_gateways() throws Exception {
        HttpResponse<String> r = post("/sandbox/ivr/walk", "{\"url\":\"http://169.254.169.254/latest/meta-data\"}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("this machine or SWITCHBOARD_PUBLIC_URL's host only");
        assertThat(IvrWalker.Hosts.localAnd("https://gw.example.com/sb").allows("gw.example.com")).isTrue();
        assertThat(IvrWalker.Hosts.localAnd("https://gw.example.com/sb").allows("other.example.com")).isFalse();
        assertThat(IvrWalker.Hosts.localAnd(null).allows("127.0.0.1")).isTrue();
    }

    @Test
    void a_body_over_the_limit_is_refused_unread() throws Exception {
        // One byte over the limit, so the sandbox has read all of it when it answers: a body left unread when the
        // server closes the connection can reset it before the client reads the 400 (seen once in CI).
        String body = "{\"mode\":\"" + "x".repeat(SandboxHttp.MAX_BODY - 10) + "\"}";
        assertThat(body).hasSize(SandboxHttp.MAX_BODY + 1);
        HttpResponse<String> r = post("/sandbox/faults", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("request body over 256 KiB");
        assertThat(sandbox.faults().now()).isNull();
    }

    @Test
    void a_message_create_without_credentials_is_refused_before_its_body_is_read() throws Exception {
        String wrong = Base64.getEncoder().encodeToString((sandbox.config().accountSid() + ":wrong").getBytes());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/2010-04-01/Accounts/"
                        + sandbox.config().accountSid() + "/Messages.json"))
                .header("Authorization", "Basic " + wrong)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("To=%2B14155550100&Body=" + "x".repeat(300_000))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(sandbox.createRequestsTo("+14155550100")).isZero();
    }

    @Test
    void a_client_on_another_machine_needs_the_tools_token() throws Exception {
        InetAddress far = InetAddress.getByName("10.0.0.5");
        assertThat(SandboxHttp.toolsAllowed(exchange(far, null), null)).isFalse();
        assertThat(SandboxHttp.toolsAllowed(exchange(far, "s3cret-token"), null)).isFalse();
        assertThat(SandboxHttp.toolsAllowed(exchange(far, "wrong"), "s3cret-token")).isFalse();
        assertThat(SandboxHttp.toolsAllowed(exchange(far, "s3cret-token"), "s3cret-token")).isTrue();
        assertThat(SandboxHttp.toolsAllowed(exchange(InetAddress.getLoopbackAddress(), null), null)).isTrue();
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Just enough of an exchange for the access check: who is calling, and the token header. */
    private static HttpExchange exchange(InetAddress from, String token) {
        Headers headers = new Headers();
        if (token != null) {
            headers.add(SandboxHttp.TOOLS_TOKEN_HEADER, token);
        }
        return new HttpExchange() {
            @Override public Headers getRequestHeaders() { return headers; }
            @Override public Headers getResponseHeaders() { return new Headers(); }
            @Override public URI getRequestURI() { return URI.create("/sandbox/faults"); }
            @Override public String getRequestMethod() { return "GET"; }
            @Override public HttpContext getHttpContext() { return null; }
            @Override public void close() { }
            @Override public InputStream getRequestBody() { return InputStream.nullInputStream(); }
            @Override public OutputStream getResponseBody() { return OutputStream.nullOutputStream(); }
            @Override public void sendResponseHeaders(int rCode, long responseLength) { }
            @Override public InetSocketAddress getRemoteAddress() { return new InetSocketAddress(from, 40000); }
            @Override public int getResponseCode() { return -1; }
            @Override public InetSocketAddress getLocalAddress() { return null; }
            @Override public String getProtocol() { return "HTTP/1.1"; }
            @Override public Object getAttribute(String name) { return null; }
            @Override public void setAttribute(String name, Object value) { }
            @Override public void setStreams(InputStream i, OutputStream o) { }
            @Override public HttpPrincipal getPrincipal() { return null; }
        };
    }
}
