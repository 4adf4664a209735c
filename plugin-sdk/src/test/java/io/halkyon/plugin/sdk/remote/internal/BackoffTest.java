package io.halkyon.plugin.sdk.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void itDoublesUpToTheMaximumEachWaitBetweenHalfAndAllOfIt() {
        Backoff longest = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.999999);
        Backoff shortest = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.0);

        long[] high = new long[9];
        long[] low = new long[9];
        for (int i = 0; i < 9; i++) {
            high[i] = longest.next().toMillis();
            low[i] = shortest.next().toMillis();
        }

        assertThat(high).containsExactly(499, 999, 1999, 3999, 7999, 15999, 29999, 29999, 29999);
        assertThat(low).containsExactly(250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000);
    }

    @Test
    void resetStartsAgainFromTheInitialWait() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.0);
        backoff.next();
        backoff.next();
        backoff.next();

        backoff.reset();

        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(250));
    }
}
