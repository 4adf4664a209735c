package io.halkyon.plugin.proto.internal.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentsTest {

    private static final String GOOD = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void keepsAValidVersion00Header() {
        assertThat(TraceParents.valid(GOOD)).isEqualTo(GOOD);
    }

    @Test
    void aLaterVersionIsReadAsVersion00WhenItStartsTheSame() {
        assertThat(TraceParents.valid("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-more"))
                .isEqualTo(GOOD);
        assertThat(TraceParents.valid("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isEqualTo(GOOD);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "garbage",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 allows nothing more
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",       // a later version: '-' must follow
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",        // version ff is invalid
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",        // all-zero trace-id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",        // all-zero parent-id
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",        // upper case
        "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01",        // misplaced dash
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0\n",       // a control character
    })
    void refusesWhatIsNotATraceparent(String header) {
        assertThat(TraceParents.valid(header)).isNull();
    }

    @Test
    void refusesNull() {
        assertThat(TraceParents.valid(null)).isNull();
    }

    @Test
    void randomOnesAreValidSampledAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String traceparent = TraceParents.random();
            assertThat(TraceParents.valid(traceparent)).isEqualTo(traceparent);
            assertThat(traceparent).startsWith("00-").endsWith("-01");
            seen.add(traceparent.substring(3, 35));
        }
        assertThat(seen).hasSize(1000);
    }
}
