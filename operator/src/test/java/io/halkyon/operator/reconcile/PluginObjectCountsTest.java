package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluginObjectCountsTest {

    private final PluginObjectCounts counts = new PluginObjectCounts(10);

    @Test
    void creationPastTheLimitIsRefusedAndOnlyWhatExistsIsCounted() {
        assertThat(counts.reserve("p", "ns/a", 0, 6)).isEmpty();
        assertThat(counts.reserve("p", "ns/b", 1, 4)).hasValueSatisfying(m -> assertThat(m)
                .contains("plugin 'p' would keep 11 objects", "7 now, 4 more for this one", "limit of 10"));
        assertThat(counts.count("p")).isEqualTo(7);
        assertThat(counts.reserve("p", "ns/b", 1, 3)).isEmpty();
        assertThat(counts.count("p")).isEqualTo(10);
    }

    @Test
    void aCapabilityIsCountedOnceHoweverOftenItIsReconciledAndOtherPluginsDoNotCount() {
        assertThat(counts.reserve("p", "ns/a", 0, 8)).isEmpty();
        assertThat(counts.reserve("p", "ns/a", 8, 0)).isEmpty();
        assertThat(counts.reserve("p", "ns/a", 8, 2)).as("its own 8 are not counted twice").isEmpty();
        assertThat(counts.reserve("q", "ns/c", 0, 10)).as("another plugin's own limit").isEmpty();
        assertThat(counts.count("p")).isEqualTo(10);
    }

    @Test
    void aCapabilityWhoseObjectsAllExistIsNeverRefusedAndDeletionFreesRoom() {
        assertThat(counts.reserve("p", "ns/a", 0, 10)).isEmpty();
        assertThat(counts.reserve("p", "ns/b", 5, 0)).as("nothing to create (after a restart, say)").isEmpty();
        assertThat(counts.reserve("p", "ns/c", 0, 1)).isPresent();
        counts.forget("ns/a");
        counts.forget("ns/b");
        assertThat(counts.reserve("p", "ns/c", 0, 1)).isEmpty();
    }
}
