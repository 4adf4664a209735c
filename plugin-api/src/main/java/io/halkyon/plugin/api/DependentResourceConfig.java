package io.halkyon.plugin.api;

/**
 * How the operator treats one dependent of a Capability.
 *
 * @param watched             the operator watches objects of this kind so a change
 *                            re-reconciles the owning Capability at once
 * @param owned               the object gets an owner reference to the Capability, so
 *                            deleting the Capability deletes it
 * @param created             the operator creates the object when it is missing
 * @param updated             the operator asks the plugin to update an existing object
 * @param checkedForReadiness the object's condition counts towards the Capability's status
 * @param typeName            a display name for the dependent's type (defaults to its kind)
 */
public record DependentResourceConfig(boolean watched, boolean owned, boolean created, boolean updated,
                                      boolean checkedForReadiness, String typeName) {

    public DependentResourceConfig {
        typeName = typeName == null ? "" : typeName;
    }

    /**
     * The defaults, as in the original Halkyon: watched, owned and created; not updated;
     * not checked for readiness; no type name.
     */
    public static DependentResourceConfig defaults() {
        return new DependentResourceConfig(true, true, true, false, false, "");
    }

    public DependentResourceConfig withWatched(boolean value) {
        return new DependentResourceConfig(value, owned, created, updated, checkedForReadiness, typeName);
    }

    public DependentResourceConfig withOwned(boolean value) {
        return new DependentResourceConfig(watched, value, created, updated, checkedForReadiness, typeName);
    }

    public DependentResourceConfig withCreated(boolean value) {
        return new DependentResourceConfig(watched, owned, value, updated, checkedForReadiness, typeName);
    }

    public DependentResourceConfig withUpdated(boolean value) {
        return new DependentResourceConfig(watched, owned, created, value, checkedForReadiness, typeName);
    }

    public DependentResourceConfig withCheckedForReadiness(boolean value) {
        return new DependentResourceConfig(watched, owned, created, updated, value, typeName);
    }

    public DependentResourceConfig withTypeName(String value) {
        return new DependentResourceConfig(watched, owned, created, updated, checkedForReadiness, value);
    }
}
