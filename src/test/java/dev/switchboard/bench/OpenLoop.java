package dev.switchboard.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A constant-rate generator free of coordinated omission: request n is due at start + n / rate whether or not
 * earlier answers have come, and its latency runs from that intended time (a stall makes every request due in it
 * late, and all of them count), not from when it actually went out. At most {@code maxInFlight} requests are
 * outstanding (a connection each, like a load balancer's pool): past that, the next waits for an answer, and its
 * waiting counts in its latency.
 */
final class OpenLoop {

    private final HttpClient client;
    private final Requests requests;

    OpenLoop(HttpClient client, Requests requests) {
        this.client = client;
        this.requests = requests;
    }

    Result run(double rate, double warmupSeconds, double seconds, int maxInFlight) throws InterruptedException {
        Semaphore slots = new Semaphore(maxInFlight);
        long warmup = (long) (rate * warmupSeconds);
        long total = warmup + (long) (rate * seconds);
        Result result = new Result();
        CountDownLatch answered = new CountDownLatch((int) total);
        long start = System.nanoTime();
        for (long n = 0; n < total; n++) {
            long intended = OpenLoop.due(start, n, rate, warmup, result);
            boolean measured = n >= warmup;
            slots.acquire();
            client.sendAsync(requests.next(n), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (measured) {
                    long micros = (System.nanoTime() - intended) / 1000;
                    result.record(micros, error == null && response.statusCode() == requests.expectedStatus());
                }
                slots.release();
                answered.countDown();
            });
        }
        if (!answered.await(60, TimeUnit.SECONDS)) {
            System.err.println("some requests had no answer after 60 s; they are not counted");
        }
        result.end();
        return result;
    }

    /**
     * Waits until request n of a run that started at {@code start} is due (start + n / rate) and returns that
     * intended time; the measured period starts at request {@code warmup}.
     */
    static long due(long start, long n, double rate, long warmup, Result result) {
        long intended = start + (long) (n * 1e9 / rate);
        long wait;
        while ((wait = intended - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
        if (n == warmup) {
            result.start();
        }
        return intended;
    }
}
