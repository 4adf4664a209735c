package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    @Test
    void defaults() {
        RestartPolicy p = RestartPolicy.DEFAULT;
        assertThat(p.enabled()).isTrue();
        assertThat(p.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.jitter()).isEqualTo(0.2);
        assertThat(p.resetAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.crashLoopCount()).isEqualTo(5);
        assertThat(p.crashLoopWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(RestartPolicy.NEVER.enabled()).isFalse();
        assertThat(p.toBuilder().build()).isEqualTo(p);
    }

    @Test
    void backoffDoublesUpToTheCap() {
        RestartPolicy p = RestartPolicy.backoff(Duration.ofMillis(100), Duration.ofMillis(700), Duration.ofMinutes(1));
        assertThat(p.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.delay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.delay(4)).isEqualTo(Duration.ofMillis(700));
        assertThat(p.delay(1000)).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void jitterSpreadsEachWaitAroundItsBaseAndNeverBeyondTheCap() {
        RestartPolicy p = RestartPolicy.builder().initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(8))
                .jitter(0.5).build();
        assertThat(p.delay(1, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.delay(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delay(1, 0.999)).isBetween(Duration.ofMillis(1490), Duration.ofMillis(1500));
        assertThat(p.delay(4, 0.999)).as("capped").isEqualTo(Duration.ofSeconds(8));
        assertThat(p.delay(4, 0.0)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> RestartPolicy.builder().jitter(1.0).build())
                .hasMessage("RestartPolicy.jitter must be within [0, 1), was 1.0");
        assertThatThrownBy(() -> RestartPolicy.builder().crashLoop(0, Duration.ofMinutes(1)).build())
                .hasMessage("RestartPolicy.crashLoopCount must be at least 1, was 0");
        assertThatThrownBy(() -> RestartPolicy.builder().initialBackoff(Duration.ofSeconds(5))
                .maxBackoff(Duration.ofSeconds(1)).build())
                .hasMessage("RestartPolicy.maxBackoff must be at least initialBackoff PT5S, was PT1S");
        assertThatThrownBy(() -> HealthCheckPolicy.every(Duration.ZERO, Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive interval");
    }
}
