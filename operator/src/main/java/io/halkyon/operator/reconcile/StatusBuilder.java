package io.halkyon.operator.reconcile;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityCondition;
import io.halkyon.plugin.api.CapabilityStatus;
import io.halkyon.plugin.api.DependentCondition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns an {@link Outcome} into the next status: the Ready condition (see {@link ReadyReason}),
 * {@code observedGeneration} (on the status and the condition), the plugin serving the
 * Capability, the summary reason and message, and one condition per dependent. The Ready
 * condition keeps its previous {@code lastTransitionTime} unless its {@code status} changed (the
 * Kubernetes convention); a dependent's condition keeps it unless its type, reason or message
 * changed. {@code lastUpdate} is set only when something else in the status changed. Returns
 * {@code null} when nothing changed, so the status is not written at all.
 *
 * <p>The status message and each condition's message keep at most {@value #MAX_MESSAGE_CHARS}
 * characters, followed by {@code ... (N more characters)}: they carry a plugin's words
 * (validation errors, condition messages, error statuses) and what is loaded, and the API server
 * stores a whole object in at most 1.5 MiB. For the same reason a condition's reason keeps at most
 * {@value #MAX_REASON_CHARS} characters and its attributes at most {@value #MAX_ATTRIBUTES} entries
 * (then one entry {@code "..."} saying how many were left out), names and values cut at
 * {@value #MAX_ATTRIBUTE_CHARS} characters. With at most {@code --max-dependents} conditions, a
 * status stays far below what the API server stores.
 */
final class StatusBuilder {

    /** Longest status or condition message kept, in characters, before the note of what was cut. */
    static final int MAX_MESSAGE_CHARS = 4096;
    static final int MAX_REASON_CHARS = 256;
    static final int MAX_ATTRIBUTES = 32;
    static final int MAX_ATTRIBUTE_CHARS = 1024;

    private final Clock clock;

    StatusBuilder(Clock clock) {
        this.clock = clock;
    }

    /**
     * The new status of {@code capability} (from its status and {@code metadata.generation}), or
     * {@code null} when it would equal the current one.
     *
     * @param plugin the plugin serving it; null when none does
     */
    CapabilityStatus next(Capability capability, Outcome outcome, String plugin) {
        return next(capability.getStatus(), outcome, capability.getMetadata().getGeneration(), plugin);
    }

    /** The new status, or {@code null} when it would equal {@code previous}. */
    CapabilityStatus next(CapabilityStatus previous, Outcome outcome, Long generation, String plugin) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        List<DependentCondition> conditions = new ArrayList<>();
        for (DependentCondition condition : outcome.conditions()) {
            condition.setMessage(bounded(condition.getMessage()));
            condition.setReason(cut(condition.getReason(), MAX_REASON_CHARS));
            condition.setAttributes(bounded(condition.getAttributes()));
            DependentCondition before = previous == null ? null : find(previous.getDependents(), condition);
            boolean same = before != null
                    && Objects.equals(before.getType(), condition.getType())
                    && Objects.equals(before.getReason(), condition.getReason())
                    && Objects.equals(before.getMessage(), condition.getMessage());
            condition.setLastTransitionTime(same && before.getLastTransitionTime() != null
                    ? before.getLastTransitionTime() : now);
            conditions.add(condition);
        }
        CapabilityStatus next = new CapabilityStatus();
        next.setReason(outcome.reason());
        next.setMessage(bounded(outcome.message()));
        next.setPlugin(plugin);
        next.setObservedGeneration(generation);
        next.setConditions(List.of(ready(previous, outcome, generation, now)));
        next.setDependents(conditions);
        next.setLastUpdate(previous == null ? null : previous.getLastUpdate());
        if (next.equals(previous)) {
            return null;
        }
        next.setLastUpdate(now);
        return next;
    }

    private static CapabilityCondition ready(CapabilityStatus previous, Outcome outcome, Long generation, String now) {
        ReadyReason why = outcome.ready();
        CapabilityCondition ready = new CapabilityCondition(CapabilityCondition.READY, why.status(), why.reason(),
                bounded(outcome.message()));
        ready.setObservedGeneration(generation);
        CapabilityCondition before = previous == null ? null : previous.ready().orElse(null);
        boolean same = before != null && before.getLastTransitionTime() != null
                && Objects.equals(before.getStatus(), ready.getStatus());
        ready.setLastTransitionTime(same ? before.getLastTransitionTime() : now);
        return ready;
    }

    /** {@code message} cut after {@value #MAX_MESSAGE_CHARS} characters, saying how many were left out. */
    static String bounded(String message) {
        return cut(message, MAX_MESSAGE_CHARS);
    }

    /** {@code text} cut after {@code max} characters, saying how many were left out. */
    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max; // never half a character
        return text.substring(0, cut) + "... (" + (text.length() - cut) + " more characters)";
    }

    private static Map<String, String> bounded(Map<String, String> attributes) {
        if (attributes == null) {
            return null;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (kept.size() == MAX_ATTRIBUTES) {
                kept.put("...", (attributes.size() - MAX_ATTRIBUTES) + " more attributes left out");
                break;
            }
            kept.put(cut(e.getKey(), MAX_ATTRIBUTE_CHARS), cut(e.getValue(), MAX_ATTRIBUTE_CHARS));
        }
        return kept;
    }

    /** The condition in {@code conditions} of the same dependent (type and name) as {@code wanted}; null if none. */
    static DependentCondition find(List<DependentCondition> conditions, DependentCondition wanted) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream()
                .filter(c -> Objects.equals(c.getDependentType(), wanted.getDependentType())
                        && Objects.equals(c.getDependentName(), wanted.getDependentName()))
                .findFirst().orElse(null);
    }
}
