package io.halkyon.plugin.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one dependent of a {@link Capability}. A plugin returns one from
 * {@link DependentResource#condition}; the operator fills in {@code dependentType},
 * {@code dependentName} and {@code lastTransitionTime} and stores it in
 * {@link CapabilityStatus#getDependents() status.dependents}.
 *
 * <p>{@code type} is {@link #READY}, {@link #PENDING} or {@link #FAILED}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class DependentCondition {

    public static final String READY = "Ready";
    public static final String PENDING = "Pending";
    public static final String FAILED = "Failed";

    private String type;
    private String reason;
    private String message;
    private String dependentType;
    private String dependentName;
    private String lastTransitionTime;
    private Map<String, String> attributes = new LinkedHashMap<>();

    public DependentCondition() {
    }

    public DependentCondition(String type, String reason, String message, Map<String, String> attributes) {
        this.type = type;
        this.reason = reason;
        this.message = message;
        this.attributes = attributes == null ? new LinkedHashMap<>() : new LinkedHashMap<>(attributes);
    }

    /** A ready condition with the given message. */
    public static DependentCondition ready(String message) {
        return new DependentCondition(READY, READY, message, null);
    }

    /** A condition saying the dependent exists but is not ready yet. */
    public static DependentCondition pending(String reason, String message) {
        return new DependentCondition(PENDING, reason, message, null);
    }

    /** A condition saying the dependent failed and will not become ready by waiting. */
    public static DependentCondition failed(String reason, String message) {
        return new DependentCondition(FAILED, reason, message, null);
    }

    /** Whether {@code type} is {@link #READY}. */
    @JsonIgnore
    public boolean isReady() {
        return READY.equals(type);
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
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

    public String getDependentType() {
        return dependentType;
    }

    public void setDependentType(String dependentType) {
        this.dependentType = dependentType;
    }

    public String getDependentName() {
        return dependentName;
    }

    public void setDependentName(String dependentName) {
        this.dependentName = dependentName;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public Map<String, String> getAttributes() {
        return attributes;
    }

    public void setAttributes(Map<String, String> attributes) {
        this.attributes = attributes == null ? new LinkedHashMap<>() : attributes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DependentCondition that
                && Objects.equals(type, that.type)
                && Objects.equals(reason, that.reason)
                && Objects.equals(message, that.message)
                && Objects.equals(dependentType, that.dependentType)
                && Objects.equals(dependentName, that.dependentName)
                && Objects.equals(lastTransitionTime, that.lastTransitionTime)
                && Objects.equals(attributes, that.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, reason, message, dependentType, dependentName, lastTransitionTime, attributes);
    }

    @Override
    public String toString() {
        return "DependentCondition{type=" + type + ", reason=" + reason + ", message=" + message
                + ", dependent=" + dependentType + "/" + dependentName + ", attributes=" + attributes + '}';
    }
}
