package io.halkyon.operator.verify;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.operator.reconcile.LiveObjects;
import io.halkyon.operator.reconcile.OperatorSettings;
import io.halkyon.operator.reconcile.Plan;
import io.halkyon.operator.reconcile.Planner;
import io.halkyon.operator.reconcile.ScopeResolver;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.CapabilityPlugins;
import io.halkyon.plugin.host.PluginClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Capability contract, through the host's own client and the operator's own planning: GetInfo
 * as dispensing checks it ({@code PluginInfoRules}), then for each sample Capability
 * ({@link Samples}) CheckValidity, GetDependents, Build, Update and GetCondition, every object
 * judged by the operator's {@link Planner} with the default settings (as {@code render} does).
 * Each dependent is planned alone, so one bad dependent does not hide another.
 */
final class CapabilityRules {

    static final List<Rule> RULES = List.of(Rules.INFO, Rules.VALIDITY, Rules.DEPENDENTS, Rules.BUILD, Rules.UPDATE,
            Rules.CONDITION);

    private final Planner planner = new Planner(new ScopeResolver(null), OperatorSettings.builder().build());
    private final List<String> buildProblems = new ArrayList<>();
    private final List<String> updateProblems = new ArrayList<>();
    private final List<String> conditionProblems = new ArrayList<>();
    private int built;
    private int notCreated;
    private int updated;
    private int conditions;

    void check(Target target, PluginClient client, Report report) {
        Plugin plugin;
        try {
            plugin = CapabilityPlugins.dispense(client);
        } catch (PluginException e) {
            report.fail(Rules.INFO, e.getMessage());
            report.skipRest(RULES, "GetInfo failed (info.valid)");
            return;
        }
        report.pass(Rules.INFO, "name '" + plugin.name() + "', version '" + plugin.version() + "', category '"
                + plugin.category() + "', types " + plugin.types().stream().map(CapabilityRules::describe)
                .collect(Collectors.joining(", ")));
        Samples.Set samples = Samples.of(plugin, target.capabilities());
        if (samples.capabilities().isEmpty()) {
            report.skipRest(RULES, "no Capability to check the contract with");
            return;
        }
        List<Capability> valid = validity(plugin, samples, report);
        if (valid.isEmpty()) {
            report.skipRest(RULES, "the plugin finds no Capability valid; give valid ones with -f FILE");
            return;
        }
        Map<Capability, List<DependentResource>> declared = dependents(plugin, valid, report);
        declared.forEach((owner, dependents) -> dependents.forEach(d -> dependent(plugin, owner, d)));
        report(report);
    }

    private List<Capability> validity(Plugin plugin, Samples.Set samples, Report report) {
        List<Capability> valid = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Capability capability : samples.capabilities()) {
            try {
                List<String> problems = plugin.checkValidity(capability);
                if (problems.isEmpty()) {
                    valid.add(capability);
                } else {
                    invalid.add(Samples.describe(capability) + ": " + String.join("; ", problems));
                }
            } catch (PluginException e) {
                failures.add(Samples.describe(capability) + ": " + e.getMessage());
            }
        }
        String checked = samples.capabilities().size() + (samples.total() > samples.capabilities().size()
                ? " of " + samples.total() + " combinations" : "") + " Capabilities";
        if (!failures.isEmpty()) {
            report.fail(Rules.VALIDITY, "CheckValidity failed for " + String.join("; ", failures));
        } else {
            report.pass(Rules.VALIDITY, "answered for " + checked + ": " + valid.size() + " valid"
                    + (invalid.isEmpty() ? "" : ", invalid: " + String.join("; ", invalid)));
        }
        return valid;
    }

    private Map<Capability, List<DependentResource>> dependents(Plugin plugin, List<Capability> valid, Report report) {
        Map<Capability, List<DependentResource>> declared = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        int count = 0;
        for (Capability capability : valid) {
            try {
                Planner.Declared answer = planner.declare(capability, plugin);
                if (answer.failure() != null) {
                    failures.add(Samples.describe(capability) + ": " + answer.failure());
                } else {
                    declared.put(capability, answer.dependents());
                    count += answer.dependents().size();
                }
            } catch (PluginException e) {
                failures.add(Samples.describe(capability) + ": " + Planner.failureOf(e));
            }
        }
        if (failures.isEmpty()) {
            report.pass(Rules.DEPENDENTS, count + " dependents for " + valid.size() + " Capabilities");
        } else {
            report.fail(Rules.DEPENDENTS, String.join("; ", failures));
        }
        return declared;
    }

    private void dependent(Plugin plugin, Capability owner, DependentResource dependent) {
        String where = Samples.describe(owner) + ", dependent " + dependent.key();
        if (!dependent.config().created()) {
            notCreated++;
            return;
        }
        HasMetadata object;
        try {
            Plan plan = planner.plan(owner, plugin, List.of(dependent), LiveObjects.NONE);
            if (plan.failed()) {
                buildProblems.add(where + ": " + plan.failure());
                return;
            }
            object = plan.writes().get(0);
            built++;
        } catch (PluginException e) {
            buildProblems.add(where + ": " + Planner.failureOf(e));
            return;
        }
        if (dependent.config().updated()) {
            try {
                Plan plan = planner.plan(owner, plugin, List.of(dependent),
                        (key, namespace) -> key.equals(dependent.key()) ? object : null);
                if (plan.failed()) {
                    updateProblems.add(where + ": " + plan.failure());
                } else {
                    updated++;
                }
            } catch (PluginException e) {
                updateProblems.add(where + ": " + Planner.failureOf(e));
            }
        }
        if (dependent.config().checkedForReadiness()) {
            try {
                DependentCondition condition = dependent.condition(object);
                conditions++;
                if (condition == null) {
                    conditionProblems.add(where + ": no condition");
                }
            } catch (PluginException e) {
                conditionProblems.add(where + ": " + Planner.failureOf(e));
            }
        }
    }

    private void report(Report report) {
        if (!buildProblems.isEmpty()) {
            report.fail(Rules.BUILD, String.join("; ", buildProblems));
        } else if (built == 0) {
            report.skip(Rules.BUILD, "no dependent is created by the operator (DependentConfig.created)");
        } else {
            report.pass(Rules.BUILD, built + " objects built and accepted"
                    + (notCreated == 0 ? "" : "; " + notCreated + " dependents not created by the operator, not built"));
        }
        String noObject = built == 0 ? "no object was built (dependent.build)" : null;
        result(report, Rules.UPDATE, updateProblems, updated, noObject,
                "no built dependent is updated by the operator (DependentConfig.updated)",
                " dependents answered Update");
        result(report, Rules.CONDITION, conditionProblems, conditions, noObject,
                "no built dependent is checked for readiness (DependentConfig.checked_for_readiness)",
                " dependents answered GetCondition");
    }

    private static void result(Report report, Rule rule, List<String> problems, int answered, String noObject,
                               String noneApplies, String passed) {
        if (!problems.isEmpty()) {
            report.fail(rule, String.join("; ", problems));
        } else if (noObject != null) {
            report.skip(rule, noObject);
        } else if (answered == 0) {
            report.skip(rule, noneApplies);
        } else {
            report.pass(rule, answered + passed);
        }
    }

    private static String describe(TypeInfo type) {
        return type.type() + type.versions();
    }
}
