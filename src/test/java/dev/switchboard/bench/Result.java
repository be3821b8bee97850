package dev.switchboard.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Latencies (µs, up to a minute) and counts of one measured period, plus the generator's own CPU in it. */
final class Result {

    final Histogram latencyMicros = new ConcurrentHistogram(60_000_000L, 3);
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    /** Successes per whole second since {@link #start} (the first hour), for time-to-full-speed figures. */
    private final java.util.concurrent.atomic.AtomicLongArray okPerSecond = new java.util.concurrent.atomic.AtomicLongArray(3600);
    private volatile long startNanos;
    private long endNanos;
    private long cpuStartNanos;
    private long cpuEndNanos;

    void start() {
        cpuStartNanos = processCpuNanos();
        startNanos = System.nanoTime();
    }

    void end() {
        endNanos = System.nanoTime();
        cpuEndNanos = processCpuNanos();
    }

    void record(long micros, boolean success) {
        latencyMicros.recordValue(Math.min(micros, latencyMicros.getHighestTrackableValue()));
        (success ? ok : failed).incrementAndGet();
        if (success) {
            long second = (System.nanoTime() - startNanos) / 1_000_000_000L;
            if (second >= 0 && second < okPerSecond.length()) {
                okPerSecond.incrementAndGet((int) second);
            }
        }
    }

    /** {@code INTERVALS seconds=S ok=a,b,c…}: successes in each S-second interval since the start (whole ones only). */
    String intervals(int seconds) {
        StringBuilder line = new StringBuilder("INTERVALS seconds=").append(seconds).append(" ok=");
        int whole = (int) (seconds() / seconds);
        for (int i = 0; i < whole; i++) {
            long sum = 0;
            for (int s = i * seconds; s < (i + 1) * seconds && s < okPerSecond.length(); s++) {
                sum += okPerSecond.get(s);
            }
            line.append(i == 0 ? "" : ",").append(sum);
        }
        return line.toString();
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }

    String summary() {
        long total = ok.get() + failed.get();
        return String.format(Locale.ROOT, "RESULT requests=%d ok=%d failed=%d seconds=%.2f rate=%.1f p50_ms=%.2f"
                        + " p99_ms=%.2f p999_ms=%.2f max_ms=%.2f gen_cpu_s=%.2f",
                total, ok.get(), failed.get(), seconds(), ok.get() / seconds(), ms(50), ms(99), ms(99.9),
                latencyMicros.getMaxValue() / 1000.0, (cpuEndNanos - cpuStartNanos) / 1e9);
    }

    private double ms(double percentile) {
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    void writeDistribution(Path file) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file))) {
            out.println(summary());
            latencyMicros.outputPercentileDistribution(out, 5, 1000.0);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
