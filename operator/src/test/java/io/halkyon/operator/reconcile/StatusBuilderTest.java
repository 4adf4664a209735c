package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.CapabilityCondition;
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

    /** The next status of generation 1, served by plugin "pg". */
    private CapabilityStatus next(CapabilityStatus previous, Outcome outcome) {
        return builder.next(previous, outcome, 1L, "pg");
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
        CapabilityStatus first = next(null, outcome(condition("StatefulSet", "db",
                DependentCondition.pending("Waiting", "0/1 ready"))));
        assertThat(first.getLastUpdate()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(first.getDependents().get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");

        now.set(Instant.parse("2026-01-01T10:05:00Z"));
        assertThat(next(first, outcome(condition("StatefulSet", "db",
                DependentCondition.pending("Waiting", "0/1 ready"))))).as("unchanged").isNull();
    }

    @Test
    void aConditionsTimeChangesOnlyWhenItChanges() {
        CapabilityStatus first = next(null, outcome(
                condition("Secret", "s", DependentCondition.ready("exists")),
                condition("StatefulSet", "db", DependentCondition.pending("Waiting", "0/1 ready"))));

        now.set(Instant.parse("2026-01-01T10:05:00Z"));
        CapabilityStatus second = next(first, outcome(
                condition("Secret", "s", DependentCondition.ready("exists")),
                condition("StatefulSet", "db", DependentCondition.ready("1/1 ready"))));

        assertThat(second.getReason()).isEqualTo(CapabilityStatus.READY);
        assertThat(second.getLastUpdate()).isEqualTo("2026-01-01T10:05:00Z");
        assertThat(second.getDependents().get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(second.getDependents().get(1).getLastTransitionTime()).isEqualTo("2026-01-01T10:05:00Z");
    }

    @Test
    void longMessagesAreCutSayingHowMuchWasLeftOutTheSameWayEachTime() {
        // The issue's attack: 4,000 types of 400 characters listed in a message of 2.1 MB.
        String huge = "t".repeat(400).repeat(4000) + "e\uD83D\uDE00";
        Outcome failed = new Outcome(ReadyReason.DEPENDENT_FAILED, huge, List.of(condition("Service", "svc",
                DependentCondition.failed("Rejected", huge))), false);

        CapabilityStatus first = next(null, failed);

        String expected = "t".repeat(StatusBuilder.MAX_MESSAGE_CHARS) + "... (" + (huge.length()
                - StatusBuilder.MAX_MESSAGE_CHARS) + " more characters)";
        assertThat(first.getMessage()).isEqualTo(expected);
        assertThat(first.getDependents().get(0).getMessage()).isEqualTo(expected);
        now.set(Instant.parse("2026-01-01T10:05:00Z"));
        assertThat(next(first, new Outcome(ReadyReason.DEPENDENT_FAILED, huge, List.of(condition("Service", "svc",
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

        DependentCondition kept = next(null, new Outcome(ReadyReason.DEPENDENTS_NOT_READY, "m",
                List.of(condition("Service", "svc", flood)), false)).getDependents().get(0);

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
        CapabilityStatus first = next(null, outcome(c1));
        now.set(Instant.parse("2026-01-01T10:05:00Z"));
        DependentCondition c2 = condition("StatefulSet", "db", DependentCondition.ready("ready"));
        c2.getAttributes().put("replicas", "2");
        CapabilityStatus second = next(first, outcome(c2));
        assertThat(second).isNotNull();
        assertThat(second.getDependents().get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    }

    @Test
    void theReadyConditionIsTrueOnlyWhenEveryDependentIsReadyAndSaysWhyOtherwise() {
        CapabilityStatus pending = next(null, outcome(condition("StatefulSet", "db",
                DependentCondition.pending("Waiting", "0/1 ready"))));
        assertThat(pending.ready()).hasValueSatisfying(ready -> {
            assertThat(ready.getStatus()).isEqualTo(CapabilityCondition.FALSE);
            assertThat(ready.getReason()).isEqualTo("DependentsNotReady");
            assertThat(ready.getMessage()).isEqualTo("StatefulSet db: 0/1 ready");
            assertThat(ready.getObservedGeneration()).isEqualTo(1L);
            assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
        });
        assertThat(pending.getConditions()).as("one standard condition").hasSize(1);
        assertThat(pending.getPlugin()).isEqualTo("pg");

        CapabilityStatus ready = next(pending, outcome(condition("StatefulSet", "db", DependentCondition.ready("1/1"))));
        assertThat(ready.ready()).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo(CapabilityCondition.TRUE);
            assertThat(c.getReason()).isEqualTo("Ready");
            assertThat(c.getMessage()).isEqualTo("provided by plugin 'pg'");
        });

        CapabilityStatus unavailable = next(ready, Outcome.pluginFailed(ReadyReason.PLUGIN_UNAVAILABLE, "restarting"));
        assertThat(unavailable.ready().orElseThrow().getStatus()).isEqualTo(CapabilityCondition.UNKNOWN);
        assertThat(unavailable.getReason()).isEqualTo(CapabilityStatus.FAILED);
        assertThat(next(null, Outcome.failed(ReadyReason.PLUGIN_NOT_FOUND, "no plugin")).ready().orElseThrow())
                .extracting(CapabilityCondition::getStatus, CapabilityCondition::getReason)
                .containsExactly(CapabilityCondition.FALSE, "PluginNotFound");
    }

    @Test
    void theReadyConditionsTransitionTimeMovesOnlyWhenItsStatusChanges() {
        CapabilityStatus notFound = next(null, Outcome.failed(ReadyReason.PLUGIN_NOT_FOUND, "no plugin"));

        now.set(Instant.parse("2026-01-01T10:05:00Z"));
        CapabilityStatus pending = next(notFound, outcome(condition("StatefulSet", "db",
                DependentCondition.pending("Waiting", "0/1 ready"))));
        assertThat(pending.ready().orElseThrow().getReason()).isEqualTo("DependentsNotReady");
        assertThat(pending.ready().orElseThrow().getLastTransitionTime())
                .as("False to False, another reason and message: no transition").isEqualTo("2026-01-01T10:00:00Z");

        now.set(Instant.parse("2026-01-01T10:10:00Z"));
        CapabilityStatus ready = next(pending, outcome(condition("StatefulSet", "db", DependentCondition.ready("1/1"))));
        assertThat(ready.ready().orElseThrow().getLastTransitionTime()).isEqualTo("2026-01-01T10:10:00Z");
    }

    @Test
    void aNewGenerationIsWrittenAsObservedEvenWhenNothingElseChanged() {
        Outcome same = outcome(condition("Secret", "s", DependentCondition.ready("exists")));
        CapabilityStatus first = builder.next(null, same, 1L, "pg");
        assertThat(builder.next(first, same, 1L, "pg")).isNull();

        now.set(Instant.parse("2026-01-01T10:05:00Z"));
        CapabilityStatus second = builder.next(first, same, 2L, "pg");

        assertThat(second).as("written for the new generation").isNotNull();
        assertThat(second.getObservedGeneration()).isEqualTo(2L);
        assertThat(second.ready().orElseThrow().getObservedGeneration()).isEqualTo(2L);
        assertThat(second.ready().orElseThrow().getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(second.getLastUpdate()).isEqualTo("2026-01-01T10:05:00Z");
    }

    @Test
    void aStatusOfTheOldFormatKeepsItsDependentsTransitionTimes() {
        CapabilityStatus old = new CapabilityStatus();
        old.setReason(CapabilityStatus.PENDING);
        CapabilityCondition legacy = new KubernetesSerialization().unmarshal("{\"type\":\"Pending\",\"reason\":\"Waiting\",\"message\":\"0/1 ready\","
                        + "\"dependentType\":\"StatefulSet\",\"dependentName\":\"db\","
                        + "\"lastTransitionTime\":\"2025-06-01T00:00:00Z\"}", CapabilityCondition.class);
        old.setConditions(List.of(legacy));

        CapabilityStatus next = next(old, outcome(condition("StatefulSet", "db",
                DependentCondition.pending("Waiting", "0/1 ready"))));

        assertThat(next.getDependents().get(0).getLastTransitionTime()).isEqualTo("2025-06-01T00:00:00Z");
        assertThat(next.ready()).isPresent();
    }
}
