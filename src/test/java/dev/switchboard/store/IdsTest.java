package dev.switchboard.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

    @Test
    void the_lowest_id_of_a_millisecond_sorts_after_every_earlier_id_and_before_every_id_from_then_on() {
        long t = 1_790_000_000_123L;
        String bound = Ids.lowestIdAt(t);
        for (int i = 0; i < 1_000; i++) {
            assertThat(Ids.newMessageId(t - 1)).isLessThan(bound);
            assertThat(Ids.newMessageId(t)).isGreaterThanOrEqualTo(bound);
            assertThat(Ids.newMessageId(t + 1)).isGreaterThan(bound);
        }
        assertThat(bound).hasSize(Ids.newMessageId(t).length()).endsWith("0000000000000000");
    }
}
