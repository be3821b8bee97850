package dev.switchboard.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A JDK HTTP server standing in for the gateway's status-callback endpoint; it records what Twilio would send. */
final class CallbackReceiver implements AutoCloseable {

    record Callback(String url, Map<String, String> headers, Map<String, String> params) {

        String status() {
            return params.get("MessageStatus");
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Callback> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int answer = 204;

    private CallbackReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::record);
        server.start();
    }

    static CallbackReceiver start() {
        return new CallbackReceiver();
    }

    /** The URL to give as StatusCallback; a query string shows that Twilio signs it too. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/status?tenant=t1";
    }

    List<Callback> received() {
        return List.copyOf(received);
    }

    void answerWith(int status) {
        answer = status;
    }

    private void record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>();
        FormCodec.decode(body).forEach((name, values) -> params.put(name, values.get(0)));
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + exchange.getRequestURI();
        received.add(new Callback(url, headers, params));
        exchange.sendResponseHeaders(answer, -1);
        exchange.close();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
        }
    }
}
