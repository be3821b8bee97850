package dev.switchboard.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Closed loop: each connection sends its next request as soon as the last one is answered; gives the peak rate. */
final class ClosedLoop {

    private final HttpClient client;
    private final Requests requests;

    ClosedLoop(HttpClient client, Requests requests) {
        this.client = client;
        this.requests = requests;
    }

    Result run(int connections, double seconds) throws InterruptedException {
        Result result = new Result();
        AtomicLong sequence = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        result.start();
        for (int i = 0; i < connections; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    boolean success;
                    try {
                        success = client.send(requests.next(sequence.getAndIncrement()),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == requests.expectedStatus();
                    } catch (Exception e) {
                        success = false;
                    }
                    result.record((System.nanoTime() - sent) / 1000, success);
                }
            }, "closed-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        result.end();
        return result;
    }
}
