package dev.switchboard.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link OpenLoop}'s schedule and measurement (request n due at start + n / rate, latency from that intended time,
 * so a stall counts for every request due in it) with a cheaper client: blocking sockets kept alive, one per
 * worker, writing prepared HTTP/1.1 bytes and reading the answer by its length. On the bench machine's two cores
 * java.net.http cost ~450 µs of CPU per request, as much as Switchboard spent answering it; wrk costs ~20 µs
 * but sends in a closed loop (its latency starts when it sends, not when the request was due).
 *
 * <p>Requests wait in one queue for a free worker; that wait is part of their latency. {@code workers} bounds the
 * requests in flight, like a load balancer's connection pool.
 */
final class RawOpenLoop {

    private static final long STOP = -1;

    private final URI base;
    private final Requests requests;

    RawOpenLoop(String baseUrl, Requests requests) {
        this.base = URI.create(baseUrl);
        this.requests = requests;
    }

    Result run(double rate, double warmupSeconds, double seconds, int workers) throws InterruptedException {
        long warmup = (long) (rate * warmupSeconds);
        long total = warmup + (long) (rate * seconds);
        Result result = new Result();
        BlockingQueue<long[]> due = new LinkedBlockingQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(() -> work(due, warmup, result), "raw-client-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        long start = System.nanoTime();
        for (long n = 0; n < total; n++) {
            long intended = OpenLoop.due(start, n, rate, warmup, result);
            due.add(new long[] {n, intended});
        }
        for (int i = 0; i < workers; i++) {
            due.add(new long[] {STOP, 0});
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        if (threads.stream().anyMatch(Thread::isAlive)) {
            System.err.println("some requests had no answer after 60 s; they are not counted");
        }
        result.end();
        return result;
    }

    private void work(BlockingQueue<long[]> due, long warmup, Result result) {
        String hostPort = base.getHost() + ":" + base.getPort();
        Connection connection = null;
        try {
            while (true) {
                long[] next = due.take();
                long n = next[0];
                if (n == STOP) {
                    return;
                }
                byte[] request = requests.raw(n, hostPort);
                int status;
                try {
                    if (connection == null) {
                        connection = new Connection(base.getHost(), base.getPort());
                    }
                    status = connection.exchange(request);
                    if (!connection.reusable) {
                        connection.close();
                        connection = null;
                    }
                } catch (IOException e) {
                    status = -1;
                    if (connection != null) {
                        connection.close();
                    }
                    connection = null;
                }
                if (n >= warmup) {
                    result.record((System.nanoTime() - next[1]) / 1000, status == requests.expectedStatus());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    /** One kept-alive HTTP/1.1 connection: a request written whole, its answer read to the end of its body. */
    private static final class Connection {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private boolean reusable = true;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String h = header.toLowerCase(Locale.ROOT);
                if (h.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).strip());
                } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                    chunked = true;
                } else if (h.startsWith("connection:") && h.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].strip(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].strip(), 16)) {
                    skip(size);
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers: none expected
                }
            } else if (length > 0) {
                skip(length);
            } else if (length < 0) {
                throw new IOException("an answer without Content-Length or chunks");
            }
            reusable = !close;
            return status;
        }

        private void skip(long bytes) throws IOException {
            long left = bytes;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed in a body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) b);
            }
            throw new IOException("connection closed");
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
