package io.halkyon.operator.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One (category, type) a loaded plugin provides: the versions it offers (empty: any version)
 * and the plugin's name and own version.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class CapabilityInfoSpec {

    private String category;
    private String type;
    private List<String> versions = new ArrayList<>();
    private String plugin;
    private String pluginVersion;
    private Integer connections;
    private List<String> identities;

    public CapabilityInfoSpec() {
    }

    public CapabilityInfoSpec(String category, String type, List<String> versions, String plugin, String pluginVersion) {
        this.category = category;
        this.type = type;
        this.versions = versions == null ? new ArrayList<>() : new ArrayList<>(versions);
        this.plugin = plugin;
        this.pluginVersion = pluginVersion;
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

    public List<String> getVersions() {
        return versions;
    }

    public void setVersions(List<String> versions) {
        this.versions = versions == null ? new ArrayList<>() : versions;
    }

    /** The name of the plugin providing it. */
    public String getPlugin() {
        return plugin;
    }

    public void setPlugin(String plugin) {
        this.plugin = plugin;
    }

    /** The plugin's own version, as it reported it. */
    public String getPluginVersion() {
        return pluginVersion;
    }

    public void setPluginVersion(String pluginVersion) {
        this.pluginVersion = pluginVersion;
    }

    /**
     * A remote plugin's connected replicas (0 while it is disconnected); null for a plugin the
     * operator runs as a child process.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Integer getConnections() {
        return connections;
    }

    public void setConnections(Integer connections) {
        this.connections = connections;
    }

    /** The identities (ServiceAccounts) of a remote plugin's replicas; null for a local plugin. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public List<String> getIdentities() {
        return identities;
    }

    public void setIdentities(List<String> identities) {
        this.identities = identities;
    }

    /** This spec for a remote plugin with these replicas. */
    public CapabilityInfoSpec remote(int connections, List<String> identities) {
        this.connections = connections;
        this.identities = List.copyOf(identities);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapabilityInfoSpec that
                && Objects.equals(category, that.category)
                && Objects.equals(type, that.type)
                && Objects.equals(versions, that.versions)
                && Objects.equals(plugin, that.plugin)
                && Objects.equals(pluginVersion, that.pluginVersion)
                && Objects.equals(connections, that.connections)
                && Objects.equals(identities, that.identities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(category, type, versions, plugin, pluginVersion, connections, identities);
    }

    @Override
    public String toString() {
        return category + "/" + type + " " + versions + " (plugin '" + plugin + "' " + pluginVersion
                + (connections == null ? "" : ", remote: " + connections + " connection(s) as " + identities) + ")";
    }
}
