package io.halkyon.plugin.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the operator reports about a {@link Capability}.
 *
 * <ul>
 *   <li>{@code conditions}: standard Kubernetes conditions ({@link CapabilityCondition}); the
 *       operator maintains one of type {@link CapabilityCondition#READY}, so
 *       {@code kubectl wait --for=condition=Ready} works;</li>
 *   <li>{@code observedGeneration}: the {@code metadata.generation} this status describes;</li>
 *   <li>{@code plugin}: the name of the plugin serving the Capability, absent while none does;</li>
 *   <li>{@code reason} ({@link #READY}, {@link #PENDING} or {@link #FAILED}), {@code message} and
 *       {@code lastUpdate}: the summary kept from the first status format;</li>
 *   <li>{@code dependents}: one {@link DependentCondition} per dependent checked for readiness
 *       (or refused).</li>
 * </ul>
 *
 * <p>A status written before the Ready condition existed held the dependents' conditions in
 * {@code conditions}; reading one moves them to {@code dependents} (see {@link CapabilityCondition}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"reason", "message", "plugin", "observedGeneration", "lastUpdate", "conditions", "dependents"})
public class CapabilityStatus {

    public static final String READY = "Ready";
    public static final String PENDING = "Pending";
    public static final String FAILED = "Failed";

    private String reason;
    private String message;
    private String lastUpdate;
    private String plugin;
    private Long observedGeneration;
    private List<CapabilityCondition> conditions = new ArrayList<>();
    private List<DependentCondition> dependents = new ArrayList<>();

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    /** When the status last changed, as an RFC 3339 timestamp. */
    public String getLastUpdate() {
        return lastUpdate;
    }

    public void setLastUpdate(String lastUpdate) {
        this.lastUpdate = lastUpdate;
    }

    /** The plugin serving the Capability; null while none does. */
    public String getPlugin() {
        return plugin;
    }

    public void setPlugin(String plugin) {
        this.plugin = plugin;
    }

    /** The {@code metadata.generation} of the Capability this status was written for. */
    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    /** The standard conditions; see {@link #ready()}. */
    public List<CapabilityCondition> getConditions() {
        return conditions;
    }

    /** Sets the conditions; entries of the old format (a dependent's condition) go to {@link #getDependents()}. */
    public void setConditions(List<CapabilityCondition> conditions) {
        List<CapabilityCondition> standard = new ArrayList<>();
        for (CapabilityCondition condition : conditions == null ? List.<CapabilityCondition>of() : conditions) {
            DependentCondition legacy = condition.asLegacyDependent();
            if (legacy == null) {
                standard.add(condition);
            } else {
                dependents.add(legacy);
            }
        }
        this.conditions = standard;
    }

    /** The condition of type {@link CapabilityCondition#READY}, if the operator wrote one. */
    @JsonIgnore
    public Optional<CapabilityCondition> ready() {
        return conditions.stream().filter(c -> CapabilityCondition.READY.equals(c.getType())).findFirst();
    }

    /** One condition per dependent checked for readiness, or refused. */
    public List<DependentCondition> getDependents() {
        return dependents;
    }

    public void setDependents(List<DependentCondition> dependents) {
        this.dependents = dependents == null ? new ArrayList<>() : dependents;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapabilityStatus that
                && Objects.equals(reason, that.reason)
                && Objects.equals(message, that.message)
                && Objects.equals(lastUpdate, that.lastUpdate)
                && Objects.equals(plugin, that.plugin)
                && Objects.equals(observedGeneration, that.observedGeneration)
                && Objects.equals(conditions, that.conditions)
                && Objects.equals(dependents, that.dependents);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, message, lastUpdate, plugin, observedGeneration, conditions, dependents);
    }

    @Override
    public String toString() {
        return "CapabilityStatus{reason=" + reason + ", message=" + message + ", plugin=" + plugin
                + ", observedGeneration=" + observedGeneration + ", conditions=" + conditions
                + ", dependents=" + dependents + '}';
    }
}
