package dev.switchboard.bench;

import java.net.http.HttpRequest;

/** The n-th request of a run; every n gives a distinct request (no idempotent replays unless meant). */
interface Requests {

    HttpRequest next(long n);

    /**
     * The same n-th request as {@link #next}, as HTTP/1.1 bytes for {@link RawOpenLoop} (persistent connection,
     * {@code Host} and {@code Content-Length} included).
     */
    byte[] raw(long n, String hostPort);

    /** An HTTP/1.1 POST with a UTF-8 body; header pairs as name, value, name, value… */
    static byte[] post(String path, String hostPort, String body, String... headers) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(hostPort).append("\r\nContent-Length: ").append(bytes.length).append("\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] h = head.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] all = java.util.Arrays.copyOf(h, h.length + bytes.length);
        System.arraycopy(bytes, 0, all, h.length, bytes.length);
        return all;
    }

    /** The status code that counts as success. */
    int expectedStatus();
}
