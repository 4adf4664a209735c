package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
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
    void aFreedSlotHandsOutTheCapabilityWaitingLongestOnceEach() {
        PluginCallLimiter limiter = new PluginCallLimiter(1);
        ResourceID first = new ResourceID("a", "ns");
        ResourceID second = new ResourceID("b", "ns");
        ResourceID gone = new ResourceID("c", "ns");
        assertThat(limiter.tryEnter("p", new ResourceID("holder", "ns"))).isTrue();
        assertThat(limiter.tryEnter("p", first)).isFalse();
        assertThat(limiter.tryEnter("p", second)).isFalse();
        assertThat(limiter.tryEnter("p", first)).as("refused again: still waits once").isFalse();
        assertThat(limiter.tryEnter("p", gone)).isFalse();
        assertThat(limiter.waiting("p")).isEqualTo(3);
        limiter.forget(gone);

        assertThat(limiter.exit("p")).contains(first);
        assertThat(limiter.tryEnter("p", first)).as("the woken one takes the slot").isTrue();
        assertThat(limiter.exit("p")).contains(second);
        assertThat(limiter.exit("p")).as("the deleted one is not handed out").isEmpty();
        assertThat(limiter.waiting("p")).isZero();
    }

    @Test
    void aCapabilityThatGetsInIsNoLongerWaiting() {
        PluginCallLimiter limiter = new PluginCallLimiter(1);
        ResourceID id = new ResourceID("a", "ns");
        assertThat(limiter.tryEnter("p")).isTrue();
        assertThat(limiter.tryEnter("p", id)).isFalse();
        assertThat(limiter.exit("p")).contains(id);
        assertThat(limiter.tryEnter("p", id)).isTrue();
        assertThat(limiter.exit("p")).isEmpty();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new PluginCallLimiter(0)).hasMessageContaining("at least 1");
    }
}
