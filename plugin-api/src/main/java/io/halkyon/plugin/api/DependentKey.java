package io.halkyon.plugin.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * Identifies one dependent of a Capability: its group/version/kind and its name. Several
 * dependents of one kind are allowed as long as their names differ.
 *
 * @param group   the API group; empty for the core group (Secret, Service...)
 * @param version the API version within the group, e.g. {@code v1}
 * @param kind    the kind, e.g. {@code StatefulSet}
 * @param name    the object's name
 */
public record DependentKey(String group, String version, String kind, String name) {

    public DependentKey {
        group = group == null ? "" : group;
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** The key of an object, from its {@code apiVersion}, {@code kind} and name. */
    public static DependentKey of(HasMetadata object) {
        return of(object.getApiVersion(), object.getKind(), object.getMetadata().getName());
    }

    /** A key from an {@code apiVersion} such as {@code apps/v1} or {@code v1}. */
    public static DependentKey of(String apiVersion, String kind, String name) {
        Objects.requireNonNull(apiVersion, "apiVersion");
        int slash = apiVersion.indexOf('/');
        return slash < 0
                ? new DependentKey("", apiVersion, kind, name)
                : new DependentKey(apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind, name);
    }

    /** {@code group/version}, or just {@code version} for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    @Override
    public String toString() {
        return apiVersion() + "/" + kind + "/" + name;
    }
}
