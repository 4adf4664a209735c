package io.halkyon.operator.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatus;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What RBAC lets one ServiceAccount do, from a set of manifests: its bindings (ClusterRoleBindings
 * everywhere, RoleBindings in their own namespace), the roles they name, their rules. Plus what
 * Kubernetes' default roles give every authenticated user ({@code system:discovery},
 * {@code system:basic-user}): discovery, {@code /version}, self access and rules reviews.
 */
final class Rbac {

    /** The non-resource URLs of the default ClusterRole system:discovery (bound to system:authenticated). */
    private static final List<String> DISCOVERY = List.of("/api", "/api/*", "/apis", "/apis/*", "/healthz",
            "/livez", "/readyz", "/version", "/version/", "/openapi", "/openapi/*");

    /** A rule and where it applies: everywhere ({@code namespace} null) or in one namespace. */
    private record Grant(PolicyRule rule, String namespace, String from) {
    }

    private final String serviceAccount;
    private final List<Grant> grants;

    private Rbac(String serviceAccount, List<Grant> grants) {
        this.serviceAccount = serviceAccount;
        this.grants = grants;
    }

    /** The rights of ServiceAccount {@code namespace/name} in {@code objects}. */
    static Rbac of(List<HasMetadata> objects, String namespace, String name) {
        Predicate<Subject> isIt = s -> "ServiceAccount".equals(s.getKind()) && name.equals(s.getName())
                && namespace.equals(s.getNamespace());
        List<Grant> grants = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof ClusterRoleBinding b && b.getSubjects().stream().anyMatch(isIt)) {
                rules(objects, b.getRoleRef(), null).forEach(r -> grants.add(new Grant(r, null,
                        "ClusterRoleBinding " + b.getMetadata().getName())));
            } else if (o instanceof RoleBinding b && b.getSubjects().stream().anyMatch(isIt)) {
                String in = b.getMetadata().getNamespace();
                rules(objects, b.getRoleRef(), in).forEach(r -> grants.add(new Grant(r, in,
                        "RoleBinding " + in + "/" + b.getMetadata().getName())));
            }
        }
        return new Rbac(namespace + "/" + name, grants);
    }

    private static List<PolicyRule> rules(List<HasMetadata> objects, RoleRef ref, String namespace) {
        return objects.stream().filter(o -> o.getMetadata().getName().equals(ref.getName())).flatMap(o -> {
            if ("ClusterRole".equals(ref.getKind()) && o instanceof ClusterRole r) {
                return r.getRules().stream();
            }
            if ("Role".equals(ref.getKind()) && o instanceof Role r && r.getMetadata().getNamespace().equals(namespace)) {
                return r.getRules().stream();
            }
            return java.util.stream.Stream.empty();
        }).toList();
    }

    /** Empty if {@code request} is allowed, else why not: the request and the rule it lacks. */
    Optional<String> denial(ApiRequest request) {
        if (!request.isResource()) {
            boolean discovery = DISCOVERY.stream().anyMatch(p -> p.endsWith("/*")
                    ? request.path().startsWith(p.substring(0, p.length() - 1)) : request.path().equals(p));
            boolean granted = discovery || grants.stream().anyMatch(g -> g.namespace() == null
                    && g.rule().getNonResourceURLs() != null && g.rule().getNonResourceURLs().contains(request.path())
                    && matches(g.rule().getVerbs(), request.verb()));
            return granted ? Optional.empty() : Optional.of(serviceAccount + " may not " + request
                    + ": no rule with nonResourceURLs [" + request.path() + "] and verb " + request.verb());
        }
        if (request.group().equals("authorization.k8s.io") && request.verb().equals("create")
                && (request.resource().equals("selfsubjectaccessreviews")
                || request.resource().equals("selfsubjectrulesreviews"))) {
            return Optional.empty(); // system:basic-user
        }
        boolean granted = grants.stream().anyMatch(g -> allows(g, request));
        return granted ? Optional.empty() : Optional.of(serviceAccount + " may not " + request + ": no rule with"
                + " apiGroups [\"" + request.group() + "\"], resources [\"" + request.ruleResource() + "\"], verbs [\""
                + request.verb() + "\"]" + (request.namespace() == null ? " in a ClusterRole bound by a"
                + " ClusterRoleBinding" : " bound in namespace " + request.namespace())
                + (request.name() == null ? "" : " (resourceNames, if any, with " + request.name() + ")"));
    }

    /** What a SelfSubjectRulesReview in {@code namespace} answers this ServiceAccount. */
    SubjectRulesReviewStatus rulesIn(String namespace) {
        SubjectRulesReviewStatusBuilder status = new SubjectRulesReviewStatusBuilder().withIncomplete(false)
                .addNewNonResourceRule().withNonResourceURLs(DISCOVERY).withVerbs("get").endNonResourceRule()
                .addNewResourceRule().withApiGroups("authorization.k8s.io").withResources("selfsubjectaccessreviews",
                        "selfsubjectrulesreviews").withVerbs("create").endResourceRule();
        for (Grant g : grants) {
            PolicyRule r = g.rule();
            if (g.namespace() == null || g.namespace().equals(namespace)) {
                if (r.getResources() != null && !r.getResources().isEmpty()) {
                    status.addNewResourceRule().withApiGroups(r.getApiGroups()).withResources(r.getResources())
                            .withResourceNames(r.getResourceNames()).withVerbs(r.getVerbs()).endResourceRule();
                }
                if (g.namespace() == null && r.getNonResourceURLs() != null && !r.getNonResourceURLs().isEmpty()) {
                    status.addNewNonResourceRule().withNonResourceURLs(r.getNonResourceURLs()).withVerbs(r.getVerbs())
                            .endNonResourceRule();
                }
            }
        }
        return status.build();
    }

    private static boolean allows(Grant g, ApiRequest request) {
        PolicyRule rule = g.rule();
        if (g.namespace() != null && !g.namespace().equals(request.namespace())) {
            return false;
        }
        boolean named = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                || (request.name() != null && !request.verb().equals("create")
                && rule.getResourceNames().contains(request.name()));
        return matches(rule.getApiGroups(), request.group()) && matches(rule.getResources(), request.ruleResource())
                && matches(rule.getVerbs(), request.verb()) && named;
    }

    private static boolean matches(List<String> allowed, String value) {
        return allowed != null && (allowed.contains("*") || allowed.contains(value));
    }
}
