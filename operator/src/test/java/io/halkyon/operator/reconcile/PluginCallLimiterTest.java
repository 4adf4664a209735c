package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PluginCallLimiterTest {

    @Test
    void eachPluginGetsItsOwnSlotsUpToTheLimit() {
        PluginCallLimiter limiter = new PluginCallLimiter(2);
        assertThat(limiter.tryEnter("slow")).isTrue();
        assertThat(limiter.tryEnter("slow")).isTrue();
        assertThat(limiter.tryEnter("slow")).as("a third call to the same plugin").isFalse();
        assertThat(limiter.inUse("slow")).isEqualTo(2);
        assertThat(limiter.tryEnter("other")).as("another plugin is not held up").isTrue();

        limiter.exit("slow");
        assertThat(limiter.tryEnter("slow")).as("a slot given back can be taken again").isTrue();
    }

    @Test
    void exitWithoutEnterNeverGoesBelowZero() {
        PluginCallLimiter limiter = new PluginCallLimiter(1);
        limiter.exit("never-entered");
        limiter.exit("never-entered");
        assertThat(limiter.inUse("never-entered")).isZero();
        assertThat(limiter.tryEnter("never-entered")).isTrue();
        assertThat(limiter.tryEnter("never-entered")).isFalse();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new PluginCallLimiter(0)).hasMessageContaining("at least 1");
    }
}
