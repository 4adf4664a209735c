package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.DependentCondition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Events a status change is worth: once per change, never per reconciliation. */
class StatusTransitionsTest {

    private final StatusBuilder statuses = new StatusBuilder(Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"),
            ZoneOffset.UTC));
    private final Capability owner = Capability.of("db", "apps", new CapabilitySpec("database", "postgres", "16", null));

    private static DependentCondition dependent(String kind, String name, DependentCondition c) {
        c.setDependentType(kind);
        c.setDependentName(name);
        return c;
    }

    private static Outcome pending(String message) {
        return Outcome.of("pg", List.of(dependent("StatefulSet", "db", DependentCondition.pending("Waiting", message))));
    }

    private static Outcome ready() {
        return ready("pg");
    }

    private static Outcome ready(String plugin) {
        return Outcome.of(plugin, List.of(dependent("StatefulSet", "db", DependentCondition.ready("1/1"))));
    }

    private static Outcome refused(String problem) {
        return Outcome.blocked("pg", List.of(dependent("Secret", "db", DependentCondition.failed(
                Planner.REJECTED, problem))));
    }

    /** The status after {@code outcome}, starting from {@code before}; the same status when nothing changed. */
    private CapabilityStatus after(CapabilityStatus before, Outcome outcome, String plugin) {
        CapabilityStatus next = statuses.next(before, outcome, 1L, plugin);
        return next == null ? before : next;
    }

    private List<String> events(CapabilityStatus before, CapabilityStatus after) {
        return StatusTransitions.of(owner, before, after).stream()
                .map(e -> e.type() + " " + e.reason() + ": " + e.message()).toList();
    }

    @Test
    void theFirstStatusTellsThePluginChosenAndWhereTheCapabilityIs() {
        CapabilityStatus first = after(null, pending("0/1 ready"), "pg");

        assertThat(events(new CapabilityStatus(), first)).containsExactly(
                "Normal PluginSelected: plugin 'pg' serves database/postgres 16",
                "Normal DependentsNotReady: StatefulSet db: 0/1 ready");
    }

    @Test
    void aNewMessageWithTheSameReasonIsNoNewEventButReadyIs() {
        CapabilityStatus first = after(null, pending("0/1 ready"), "pg");
        CapabilityStatus second = after(first, pending("0/1 ready, 1 updated"), "pg");
        CapabilityStatus third = after(second, ready(), "pg");

        assertThat(second).isNotEqualTo(first);
        assertThat(events(first, second)).isEmpty();
        assertThat(events(second, third)).containsExactly("Normal Ready: provided by plugin 'pg'");
        assertThat(events(third, third)).as("a reconciliation changing nothing").isEmpty();
    }

    @Test
    void aPluginFailureIsToldOnceAndItsRecoveryToo() {
        CapabilityStatus ready = after(null, ready(), "pg");
        CapabilityStatus down = after(ready, Outcome.pluginFailed(ReadyReason.PLUGIN_UNAVAILABLE,
                "plugin 'pg' is restarting"), "pg");
        CapabilityStatus stillDown = after(down, Outcome.pluginFailed(ReadyReason.PLUGIN_UNAVAILABLE,
                "plugin 'pg' is restarting (attempt 2)"), "pg");
        CapabilityStatus back = after(stillDown, ready(), "pg");

        assertThat(events(ready, down)).containsExactly("Warning PluginUnavailable: plugin 'pg' is restarting");
        assertThat(events(down, stillDown)).isEmpty();
        assertThat(events(stillDown, back)).containsExactly("Normal PluginRecovered: plugin 'pg' answers again",
                "Normal Ready: provided by plugin 'pg'");
    }

    @Test
    void aRefusedObjectIsToldOncePerRefusal() {
        CapabilityStatus first = after(null, refused("plugin 'pg' built a Secret in namespace kube-system"), "pg");
        CapabilityStatus again = after(first, refused("plugin 'pg' built a Secret in namespace kube-system"), "pg");
        CapabilityStatus other = after(again, refused("plugin 'pg' built a Secret named x"), "pg");

        assertThat(events(new CapabilityStatus(), first)).containsExactly(
                "Normal PluginSelected: plugin 'pg' serves database/postgres 16",
                "Warning Refused: plugin 'pg' built a Secret in namespace kube-system",
                "Warning NotApplied: nothing was applied for plugin 'pg': Secret db: plugin 'pg' built a Secret in"
                        + " namespace kube-system");
        assertThat(events(first, again)).isEmpty();
        assertThat(events(again, other)).as("the Ready condition's reason did not change")
                .containsExactly("Warning Refused: plugin 'pg' built a Secret named x");
    }

    @Test
    void anotherPluginIsToldAndNoPluginIsAWarning() {
        CapabilityStatus served = after(null, ready(), "pg");
        CapabilityStatus none = after(served, Outcome.failed(ReadyReason.PLUGIN_NOT_FOUND,
                "no plugin provides category 'database', type 'postgres'"), null);
        CapabilityStatus other = after(none, ready("pg2"), "pg2");

        assertThat(events(served, none)).containsExactly(
                "Warning PluginNotFound: no plugin provides category 'database', type 'postgres'");
        assertThat(events(none, other)).containsExactly("Normal PluginSelected: plugin 'pg2' serves database/postgres 16",
                "Normal Ready: provided by plugin 'pg2'");
    }
}
