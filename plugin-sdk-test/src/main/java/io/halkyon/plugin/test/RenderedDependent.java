package io.halkyon.plugin.test;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.UpdateResult;
import io.halkyon.plugin.test.internal.CanonicalJson;
import io.halkyon.plugin.test.internal.Failures;
import io.halkyon.plugin.test.internal.JsonDiff;
import io.halkyon.plugin.test.internal.OperatorRules;
import java.util.List;
import java.util.Objects;

/**
 * One dependent of a Capability as the operator gets it from the plugin: its key and config,
 * the object its Build returned (this object's assertions, see {@link RenderedObject}), and its
 * Update and GetCondition against a live object the test gives. Each call is a real call to the
 * plugin.
 *
 * <pre>{@code
 * RenderedDependent statefulSet = rendered.dependent("StatefulSet", "orders-db");
 * StatefulSet live = olderVersion.dependent("StatefulSet", "orders-db").as(StatefulSet.class);
 * statefulSet.assertUpdates(live).assertField("spec.template.spec.containers[0].image", "postgres:16");
 * statefulSet.assertLeavesUnchanged(statefulSet.object());
 * assertEquals("0/1 replicas ready", statefulSet.assertCondition(live, DependentCondition.PENDING).getMessage());
 * }</pre>
 */
public final class RenderedDependent extends RenderedObject {

    private final DependentResource dependent;
    private final Capability owner;

    RenderedDependent(DependentResource dependent, HasMetadata built, Capability owner) {
        super("dependent " + OperatorRules.describe(dependent.key()), dependent.key(), built);
        this.dependent = dependent;
        this.owner = owner;
    }

    /** How the operator treats this dependent (watched, owned, created, updated, checked for readiness, type name). */
    public DependentResourceConfig config() {
        return dependent.config();
    }

    /**
     * The plugin's Update against {@code live}, as the operator gets it; a changed object is
     * checked as a built one is (declared key, Capability's namespace).
     *
     * @throws org.opentest4j.AssertionFailedError when the operator would refuse the changed object
     * @throws io.halkyon.plugin.api.PluginException when the call fails
     */
    public UpdateResult update(HasMetadata live) {
        UpdateResult result = dependent.update(Objects.requireNonNull(live, "live"));
        if (result.changed()) {
            OperatorRules.problem(key(), result.object(), owner).ifPresent(problem -> {
                throw Failures.failure(subject() + ": Update's object: " + problem);
            });
        }
        return result;
    }

    /**
     * Asserts that the plugin changes {@code live}, and returns the object it would write.
     *
     * @throws org.opentest4j.AssertionFailedError when it answers unchanged
     */
    public RenderedObject assertUpdates(HasMetadata live) {
        UpdateResult result = update(live);
        if (!result.changed()) {
            throw Failures.failure(subject() + ": Update: expected a change of the live object but the plugin"
                    + " answered unchanged");
        }
        return new RenderedObject(subject() + " (Update's object)", key(), result.object());
    }

    /**
     * Asserts that the plugin leaves {@code live} as it is.
     *
     * @throws org.opentest4j.AssertionFailedError when it answers with a change (the message shows the object)
     */
    public RenderedDependent assertLeavesUnchanged(HasMetadata live) {
        UpdateResult result = update(live);
        if (result.changed()) {
            String what = subject() + " (Update: expected the live object unchanged, the plugin changes it)";
            JsonNode before = CanonicalJson.of(live);
            JsonNode after = CanonicalJson.of(result.object());
            List<JsonDiff.Difference> differences = JsonDiff.diff(before, after);
            if (differences.isEmpty()) {
                throw Failures.failure(what + ": it answered changed with an object equal to the live one");
            }
            throw Failures.differences(what, differences, before, after, "");
        }
        return this;
    }

    /**
     * The plugin's GetCondition for {@code live}.
     *
     * @throws io.halkyon.plugin.api.PluginException when the call fails or the answer is not a condition
     */
    public DependentCondition condition(HasMetadata live) {
        return dependent.condition(Objects.requireNonNull(live, "live"));
    }

    /**
     * Asserts the type of the condition for {@code live} ({@link DependentCondition#READY},
     * {@code PENDING} or {@code FAILED}) and returns the condition.
     */
    public DependentCondition assertCondition(HasMetadata live, String expectedType) {
        DependentCondition condition = condition(live);
        if (!Objects.equals(expectedType, condition.getType())) {
            throw Failures.failure(subject() + ": GetCondition: type: expected \"" + expectedType + "\" but was \""
                    + condition.getType() + "\" (reason \"" + condition.getReason() + "\", message \""
                    + condition.getMessage() + "\")");
        }
        return condition;
    }
}
