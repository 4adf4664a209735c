package io.halkyon.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankOverUnsortedSamples() {
        Latencies latencies = new Latencies(4);
        for (long n = 100; n >= 1; n--) {
            latencies.add(n * 1_000);
        }
        assertThat(latencies.size()).isEqualTo(100);
        assertThat(latencies.percentile(50)).isEqualTo(50_000);
        assertThat(latencies.percentile(99)).isEqualTo(99_000);
        assertThat(latencies.percentile(100)).isEqualTo(100_000);
        assertThat(latencies.micros(1)).isEqualTo(1.0);
    }

    @Test
    void aSingleSampleIsEveryPercentile() {
        Latencies one = Latencies.of(7_000_000);
        assertThat(one.percentile(0.1)).isEqualTo(7_000_000);
        assertThat(one.millis(99)).isEqualTo(7.0);
    }

    @Test
    void addAllPoolsRounds() {
        Latencies pooled = Latencies.of(1, 2);
        pooled.addAll(Latencies.of(3, 4, 5));
        assertThat(pooled.size()).isEqualTo(5);
        assertThat(pooled.percentile(50)).isEqualTo(3);
    }

    @Test
    void noSamplesOrAPercentileOutOfRangeIsAnError() {
        assertThatThrownBy(() -> new Latencies(1).percentile(50)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Latencies.of(1).percentile(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Latencies.of(1).percentile(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
