package dev.switchboard.jms;

import dev.switchboard.testing.RunningSwitchboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** STOMP 1.2 over a plain socket, frame by frame, as a script in any language would speak it. */
final class StompClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int receipts;

    StompClient(int port) {
        this(port, RunningSwitchboard.JMS_USER, RunningSwitchboard.JMS_PASSWORD);
    }

    /** Connects logging in as {@code user} (null: anonymously); fails unless the broker answers CONNECTED. */
    StompClient(int port, String user, String password) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> connect = new LinkedHashMap<>(Map.of("accept-version", "1.2", "host", "localhost"));
        if (user != null) {
            connect.put("login", user);
            connect.put("passcode", password);
        }
        frame("CONNECT", connect, "");
        expect("CONNECTED");
    }

    /** Sends a JSON body to an anycast queue and waits for the broker's receipt (it has the message). */
    void send(String queue, String json, Map<String, String> headers) {
        String receipt = "r-" + ++receipts;
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("destination", queue);
        all.put("destination-type", "ANYCAST");
        all.put("content-type", "application/json");
        all.put("receipt", receipt);
        frame("SEND", all, json);
        String answer = expect("RECEIPT");
        if (!answer.contains("receipt-id:" + receipt)) {
            throw new IllegalStateException("unexpected receipt: " + answer);
        }
    }

    private void frame(String command, Map<String, String> headers, String body) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder f = new StringBuilder(command).append('\n');
        headers.forEach((k, v) -> f.append(k).append(':').append(v).append('\n'));
        if (payload.length > 0) {
            f.append("content-length:").append(payload.length).append('\n');
        }
        f.append('\n');
        try {
            out.write(f.toString().getBytes(StandardCharsets.UTF_8));
            out.write(payload);
            out.write(0);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String expect(String command) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != 0) {
                if (b < 0) {
                    throw new IllegalStateException("connection closed while waiting for " + command);
                }
                if (frame.size() > 0 || (b != '\n' && b != '\r')) { // newlines between frames are heart-beats
                    frame.write(b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = frame.toString(StandardCharsets.UTF_8);
        if (!text.startsWith(command)) {
            throw new IllegalStateException("expected " + command + " but got: " + text);
        }
        return text;
    }

    @Override
    public void close() {
        try {
            frame("DISCONNECT", Map.of(), "");
            socket.close();
        } catch (IOException | UncheckedIOException e) {
            // closing anyway
        }
    }
}
