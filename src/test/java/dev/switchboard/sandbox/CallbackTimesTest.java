package dev.switchboard.sandbox;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackTimesTest {

    @Test
    void percentiles_are_read_from_millisecond_buckets_and_reset_clears_them() {
        CallbackTimes times = new CallbackTimes();
        for (int i = 1; i <= 1000; i++) {
            times.record(i * 1_000_000L + 500_000); // 1.5 ms … 1000.5 ms
        }
        times.record(120_000_000_000L); // two minutes: kept in the last bucket

        Map<String, Object> s = times.snapshot();

        assertThat(s).containsEntry("count", 1001L).containsEntry("p50", 501).containsEntry("p99", 991)
                .containsEntry("p999", 1000).containsEntry("max", 60_000);
        times.reset();
        assertThat(times.snapshot()).containsEntry("count", 0L).containsEntry("p99", 0);
    }
}
