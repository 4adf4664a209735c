package io.halkyon.plugin.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the operator reports about a {@link Capability}: {@code reason} is one of
 * {@link #READY}, {@link #PENDING} or {@link #FAILED}; {@code message} explains it;
 * {@code conditions} hold one {@link DependentCondition} per dependent checked for readiness.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class CapabilityStatus {

    public static final String READY = "Ready";
    public static final String PENDING = "Pending";
    public static final String FAILED = "Failed";

    private String reason;
    private String message;
    private String lastUpdate;
    private List<DependentCondition> conditions = new ArrayList<>();

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

    public List<DependentCondition> getConditions() {
        return conditions;
    }

    public void setConditions(List<DependentCondition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapabilityStatus that
                && Objects.equals(reason, that.reason)
                && Objects.equals(message, that.message)
                && Objects.equals(lastUpdate, that.lastUpdate)
                && Objects.equals(conditions, that.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, message, lastUpdate, conditions);
    }

    @Override
    public String toString() {
        return "CapabilityStatus{reason=" + reason + ", message=" + message + ", conditions=" + conditions + '}';
    }
}
