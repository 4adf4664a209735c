package io.halkyon.plugin.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionNegotiatorTest {

    private final List<String> warnings = new ArrayList<>();

    @Test
    void picksTheHighestVersionBothSidesSpeak() {
        assertThat(VersionNegotiator.negotiate(List.of(1, 2, 3), "1,2", warnings::add)).isEqualTo(2);
        assertThat(VersionNegotiator.negotiate(List.of(1), "1,2", warnings::add)).isEqualTo(1);
        assertThat(VersionNegotiator.negotiate(List.of(1, 2), "2,1", warnings::add)).isEqualTo(2);
        assertThat(warnings).isEmpty();
    }

    @Test
    void withoutTheVariableUsesThePluginsHighest() {
        assertThat(VersionNegotiator.negotiate(List.of(1, 4, 2), null, warnings::add)).isEqualTo(4);
        assertThat(VersionNegotiator.negotiate(List.of(1, 4, 2), " ", warnings::add)).isEqualTo(4);
    }

    @Test
    void noCommonVersionNamesBothSets() {
        assertThatThrownBy(() -> VersionNegotiator.negotiate(List.of(1), "2,3", warnings::add))
                .isInstanceOf(VersionNegotiator.NoCommonVersionException.class)
                .hasMessageContaining("[2, 3]")
                .hasMessageContaining("PLUGIN_PROTOCOL_VERSIONS=2,3")
                .hasMessageContaining("speaks [1]");
    }

    @Test
    void skipsEntriesThatAreNotIntegersWithAWarning() {
        assertThat(VersionNegotiator.negotiate(List.of(1, 2), " 1 , x,2", warnings::add)).isEqualTo(2);
        assertThat(warnings).singleElement().asString().contains("'x'");
    }

    @Test
    void onlyGarbageOfferedIsNoCommonVersion() {
        assertThatThrownBy(() -> VersionNegotiator.negotiate(List.of(1), "abc", warnings::add))
                .isInstanceOf(VersionNegotiator.NoCommonVersionException.class);
    }
}
