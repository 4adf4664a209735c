package io.halkyon.plugin.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;

/**
 * A condition of a {@link Capability} in the standard Kubernetes shape (as {@code metav1.Condition}),
 * in {@code status.conditions}: {@code type} (the operator writes {@link #READY}), {@code status}
 * ({@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN}), a CamelCase {@code reason}, a
 * {@code message}, {@code lastTransitionTime} (RFC 3339; changes only when {@code status}
 * changes) and {@code observedGeneration} (the {@code metadata.generation} it describes). So
 * {@code kubectl wait --for=condition=Ready capability/NAME} and GitOps health checks read it.
 *
 * <p>Statuses written before this condition existed held one entry per dependent in
 * {@code status.conditions}, with {@code dependentType}, {@code dependentName} and
 * {@code attributes}. Those fields are still read (and stay in the CRD schema, so the API server
 * keeps them), and {@link CapabilityStatus} moves such entries to
 * {@link CapabilityStatus#getDependents()}; they are never written.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CapabilityCondition {

    /** The condition type the operator maintains on every Capability it reconciled. */
    public static final String READY = "Ready";
    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private String type;
    private String status;
    private String reason;
    private String message;
    private String lastTransitionTime;
    private Long observedGeneration;

    // An entry of the status format before this condition: a dependent's condition. Read, never written.
    @JsonProperty
    private String dependentType;
    @JsonProperty
    private String dependentName;
    @JsonProperty
    private Map<String, String> attributes;

    public CapabilityCondition() {
    }

    public CapabilityCondition(String type, String status, String reason, String message) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    /** {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN}. */
    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    /** Whether {@code status} is {@link #TRUE}. */
    @JsonIgnore
    public boolean isTrue() {
        return TRUE.equals(status);
    }

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

    /** When {@code status} last changed, as an RFC 3339 timestamp. */
    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    /** The {@code metadata.generation} of the Capability this condition was set from. */
    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    /** This entry as the dependent's condition it was in the old status format; null when it is not one. */
    DependentCondition asLegacyDependent() {
        if (dependentType == null && dependentName == null) {
            return null;
        }
        DependentCondition dependent = new DependentCondition(type, reason, message, attributes);
        dependent.setDependentType(dependentType);
        dependent.setDependentName(dependentName);
        dependent.setLastTransitionTime(lastTransitionTime);
        return dependent;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapabilityCondition that
                && Objects.equals(type, that.type)
                && Objects.equals(status, that.status)
                && Objects.equals(reason, that.reason)
                && Objects.equals(message, that.message)
                && Objects.equals(lastTransitionTime, that.lastTransitionTime)
                && Objects.equals(observedGeneration, that.observedGeneration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, reason, message, lastTransitionTime, observedGeneration);
    }

    @Override
    public String toString() {
        return "CapabilityCondition{type=" + type + ", status=" + status + ", reason=" + reason
                + ", message=" + message + ", observedGeneration=" + observedGeneration + '}';
    }
}
