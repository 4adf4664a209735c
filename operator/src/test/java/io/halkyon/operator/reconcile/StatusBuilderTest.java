package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.DependentCondition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
    private final StatusBuilder builder = new StatusBuilder(new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    });

    private static DependentCondition condition(String kind, String name, DependentCondition c) {
        c.setDependentType(kind);
        c.setDependentName(name);
        return c;
    }

    private static Outcome outcome(DependentCondition... conditions) {
        return Outcome.of("pg", List.of(conditions));
    }

    @Test
    void aggregatesReadyPendingAndFailed() {
        DependentCondition ready = condition("Secret", "s", DependentCondition.ready("exists"));
        DependentCondition pending = condition("StatefulSet", "db", DependentCondition.pending("Waiting", "0/1 ready"));
        DependentCondition failed = condition("Service", "svc", DependentCondition.failed("Rejected", "refused"));

        assertThat(outcome(ready).reason()).isEqualTo(CapabilityStatus.READY);
        Outcome p = outcome(ready, pending);
        assertThat(p.reason()).isEqualTo(CapabilityStatus.PENDING);
        assertThat(p.message()).isEqualTo("StatefulSet db: 0/1 ready");
        Outcome f = outcome(ready, pending, failed);
        assertThat(f.reason()).isEqualTo(CapabilityStatus.FAILED);
        assertThat(f.message()).isEqualTo("StatefulSet db: 0/1 ready; Service svc: refused");
    }

    @Test
    void nothingChangedGivesNoStatusAndKeepsTimes() {
        CapabilityStatus first = builder.next(null, outcome(condition("StatefulSet", "db",
                DependentCondition.pending("Waiting", "0/1 ready"))));
        assertThat(first.getLastUpdate()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(first.getConditions().get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");

        now.set(Instant.parse("2026-01-01T10:05:00Z"));
        assertThat(builder.next(first, outcome(condition("StatefulSet", "db",
                DependentCondition.pending("Waiting", "0/1 ready"))))).as("unchanged").isNull();
    }

    @Test
    void aConditionsTimeChangesOnlyWhenItChanges() {
        CapabilityStatus first = builder.next(null, outcome(
                condition("Secret", "s", DependentCondition.ready("exists")),
                condition("StatefulSet", "db", DependentCondition.pending("Waiting", "0/1 ready"))));

        now.set(Instant.parse("2026-01-01T10:05:00Z"));
        CapabilityStatus second = builder.next(first, outcome(
                condition("Secret", "s", DependentCondition.ready("exists")),
                condition("StatefulSet", "db", DependentCondition.ready("1/1 ready"))));

        assertThat(second.getReason()).isEqualTo(CapabilityStatus.READY);
        assertThat(second.getLastUpdate()).isEqualTo("2026-01-01T10:05:00Z");
        assertThat(second.getConditions().get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(second.getConditions().get(1).getLastTransitionTime()).isEqualTo("2026-01-01T10:05:00Z");
    }

    @Test
    void longMessagesAreCutSayingHowMuchWasLeftOutTheSameWayEachTime() {
        // The issue's attack: 4,000 types of 400 characters listed in a message of 2.1 MB.
        String huge = "t".repeat(400).repeat(4000) + "e\uD83D\uDE00";
        Outcome failed = new Outcome(CapabilityStatus.FAILED, huge, List.of(condition("Service", "svc",
                DependentCondition.failed("Rejected", huge))), false);

        CapabilityStatus first = builder.next(null, failed);

        String expected = "t".repeat(StatusBuilder.MAX_MESSAGE_CHARS) + "... (" + (huge.length()
                - StatusBuilder.MAX_MESSAGE_CHARS) + " more characters)";
        assertThat(first.getMessage()).isEqualTo(expected);
        assertThat(first.getConditions().get(0).getMessage()).isEqualTo(expected);
        now.set(Instant.parse("2026-01-01T10:05:00Z"));
        assertThat(builder.next(first, new Outcome(CapabilityStatus.FAILED, huge, List.of(condition("Service", "svc",
                DependentCondition.failed("Rejected", huge))), false))).as("unchanged: not written again").isNull();
    }

    @Test
    void aLongReasonAndManyOrLongAttributesAreCutSayingSo() {
        java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 5000; i++) {
            attributes.put("k" + i, "v".repeat(i == 0 ? 100_000 : 10));
        }
        DependentCondition flood = new DependentCondition(DependentCondition.PENDING, "R".repeat(10_000), "m",
                attributes);

        DependentCondition kept = builder.next(null, new Outcome(CapabilityStatus.PENDING, "m",
                List.of(condition("Service", "svc", flood)), false)).getConditions().get(0);

        assertThat(kept.getReason()).isEqualTo("R".repeat(StatusBuilder.MAX_REASON_CHARS) + "... ("
                + (10_000 - StatusBuilder.MAX_REASON_CHARS) + " more characters)");
        assertThat(kept.getAttributes()).hasSize(StatusBuilder.MAX_ATTRIBUTES + 1)
                .containsEntry("...", (5000 - StatusBuilder.MAX_ATTRIBUTES) + " more attributes left out")
                .containsEntry("k1", "v".repeat(10));
        assertThat(kept.getAttributes().get("k0")).hasSize(StatusBuilder.MAX_ATTRIBUTE_CHARS
                + "... (98976 more characters)".length());
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String message = "x".repeat(StatusBuilder.MAX_MESSAGE_CHARS - 1) + "\uD83D\uDE00" + "tail";
        assertThat(StatusBuilder.bounded(message)).isEqualTo("x".repeat(StatusBuilder.MAX_MESSAGE_CHARS - 1)
                + "... (6 more characters)");
        assertThat(StatusBuilder.bounded("short")).isEqualTo("short");
    }

    @Test
    void anAttributeChangeIsWrittenWithoutMovingTheTransitionTime() {
        DependentCondition c1 = condition("StatefulSet", "db", DependentCondition.ready("ready"));
        c1.getAttributes().put("replicas", "1");
        CapabilityStatus first = builder.next(null, outcome(c1));
        now.set(Instant.parse("2026-01-01T10:05:00Z"));
        DependentCondition c2 = condition("StatefulSet", "db", DependentCondition.ready("ready"));
        c2.getAttributes().put("replicas", "2");
        CapabilityStatus second = builder.next(first, outcome(c2));
        assertThat(second).isNotNull();
        assertThat(second.getConditions().get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    }
}
