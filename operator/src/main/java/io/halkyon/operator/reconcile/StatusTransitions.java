package io.halkyon.operator.reconcile;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityCondition;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.DependentCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Events a status change is worth, found by comparing the status written with the one it
 * replaced, so each is reported once per change and not per reconciliation, and not again after
 * an operator restart or a change of leader (the status is in the cluster):
 * <ul>
 *   <li>{@code PluginSelected} (Normal): {@code status.plugin} names another plugin than before;</li>
 *   <li>{@code PluginRecovered} (Normal): the Ready condition leaves {@code PluginUnavailable} or
 *       {@code PluginFailed};</li>
 *   <li>{@code Refused} (Warning): a dependent is newly refused, or refused for another reason;</li>
 *   <li>the Ready condition's reason ({@code Ready}, {@code DependentsNotReady}: Normal; the others:
 *       Warning): its status or reason changed.</li>
 * </ul>
 */
final class StatusTransitions {

    static final String PLUGIN_SELECTED = "PluginSelected";
    static final String PLUGIN_RECOVERED = "PluginRecovered";
    static final String REFUSED = "Refused";

    private StatusTransitions() {
    }

    /** The Events for {@code owner}'s status going from {@code before} (may be null) to {@code after}. */
    static List<CapabilityEvent> of(Capability owner, CapabilityStatus before, CapabilityStatus after) {
        CapabilityStatus previous = before == null ? new CapabilityStatus() : before;
        List<CapabilityEvent> events = new ArrayList<>();
        if (after.getPlugin() != null && !after.getPlugin().equals(previous.getPlugin())) {
            var spec = owner.getSpec();
            events.add(CapabilityEvent.normal(PLUGIN_SELECTED, "plugin '" + after.getPlugin() + "' serves "
                    + spec.getCategory() + "/" + spec.getType()
                    + (spec.getVersion() == null || spec.getVersion().isBlank() ? "" : " " + spec.getVersion())));
        }
        CapabilityCondition was = previous.ready().orElse(null);
        CapabilityCondition now = after.ready().orElse(null);
        boolean changed = now != null && (was == null || !Objects.equals(was.getStatus(), now.getStatus())
                || !Objects.equals(was.getReason(), now.getReason()));
        ReadyReason wasWhy = was == null ? null : ReadyReason.of(was.getReason());
        ReadyReason why = now == null ? null : ReadyReason.of(now.getReason());
        if (changed && wasWhy != null && wasWhy.pluginFailure() && (why == null || !why.pluginFailure())) {
            events.add(CapabilityEvent.normal(PLUGIN_RECOVERED, "plugin '" + after.getPlugin() + "' answers again"));
        }
        for (DependentCondition dependent : after.getDependents()) {
            if (Planner.REJECTED.equals(dependent.getReason())
                    && !sameRefusal(StatusBuilder.find(previous.getDependents(), dependent), dependent)) {
                events.add(CapabilityEvent.warning(REFUSED, dependent.getMessage()));
            }
        }
        if (changed) {
            boolean normal = why != null && why.normal();
            events.add(new CapabilityEvent(normal ? CapabilityEvent.NORMAL : CapabilityEvent.WARNING, now.getReason(),
                    now.getMessage()));
        }
        return events;
    }

    private static boolean sameRefusal(DependentCondition before, DependentCondition now) {
        return before != null && Objects.equals(before.getReason(), now.getReason())
                && Objects.equals(before.getMessage(), now.getMessage());
    }
}
