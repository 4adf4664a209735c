package io.halkyon.plugin.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Capability} asks for: a {@code category} and {@code type} that select the
 * plugin (case-insensitively), an optional {@code version} (empty matches any version the
 * plugin offers), and free-form {@code parameters} the plugin interprets.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class CapabilitySpec {

    private String category;
    private String type;
    private String version;
    private List<Parameter> parameters = new ArrayList<>();

    public CapabilitySpec() {
    }

    public CapabilitySpec(String category, String type, String version, List<Parameter> parameters) {
        this.category = category;
        this.type = type;
        this.version = version;
        this.parameters = parameters == null ? new ArrayList<>() : new ArrayList<>(parameters);
    }

    public String getCategory() {
        return category;
    }

    public void setCategory(String category) {
        this.category = category;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public List<Parameter> getParameters() {
        return parameters;
    }

    public void setParameters(List<Parameter> parameters) {
        this.parameters = parameters == null ? new ArrayList<>() : parameters;
    }

    /** The value of the named parameter, if the spec carries it. */
    public Optional<String> parameter(String name) {
        if (parameters == null) {
            return Optional.empty();
        }
        return parameters.stream()
                .filter(p -> Objects.equals(p.getName(), name))
                .map(Parameter::getValue)
                .filter(Objects::nonNull)
                .findFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapabilitySpec that
                && Objects.equals(category, that.category)
                && Objects.equals(type, that.type)
                && Objects.equals(version, that.version)
                && Objects.equals(parameters, that.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(category, type, version, parameters);
    }

    @Override
    public String toString() {
        return "CapabilitySpec{category=" + category + ", type=" + type + ", version=" + version
                + ", parameters=" + parameters + '}';
    }
}
