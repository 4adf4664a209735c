package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The kinds a plugin may not have the operator write, whatever their scope and whatever the
 * dependent's settings: writing them would hand the plugin the operator's rights, or more. This
 * is the one deny list ({@link #ENTRIES}, each entry with why; docs/admin-guide.md lists them
 * too). An admin allows an entry by its name ({@code --allow-kind NAME}, repeatable). Names are
 * {@code group/Kind}, the core group written {@code core}; {@code group/*} is a whole API group,
 * within which one kind can also be allowed alone ({@code rbac.authorization.k8s.io/Role});
 * {@code core/Secret:TYPE} is a Secret of that type. Groups and kinds are compared without case.
 */
final class DeniedKinds {

    /** The Secret type that has Kubernetes mint a ServiceAccount token into the Secret. */
    static final String SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token";
    private static final String TOKEN_SECRET = "core/Secret:" + SERVICE_ACCOUNT_TOKEN;

    /** Every entry, by name, with why it is denied. */
    static final Map<String, String> ENTRIES = entries();

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final Set<String> allowed;

    /** @param allowed entries (or single kinds of a denied group) the admin allows; checked by {@link #checkAllowed} */
    DeniedKinds(Set<String> allowed) {
        this.allowed = allowed.stream().map(a -> key(a.trim())).collect(Collectors.toUnmodifiableSet());
    }

    private static Map<String, String> entries() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("halkyon.io/*", "the operator's own kinds, which would have it run plugins without end");
        entries.put("apiextensions.k8s.io/*", "CRDs change the API of the whole cluster");
        entries.put("rbac.authorization.k8s.io/*", "Roles and bindings grant rights");
        entries.put("admissionregistration.k8s.io/*", "admission webhooks and policies see or change every write");
        entries.put("certificates.k8s.io/*", "certificate signing requests mint client certificates");
        entries.put("authentication.k8s.io/*", "token reviews and requests act with the operator's identity");
        entries.put("authorization.k8s.io/*", "access reviews reveal what other identities may do");
        entries.put("apiregistration.k8s.io/*",
                "an APIService hands an API group to a server of the plugin's choosing");
        entries.put("core/ServiceAccount", "role bindings may already name it, granting their rights to whoever"
                + " recreates it");
        entries.put(TOKEN_SECRET, "Kubernetes mints into it a token of any ServiceAccount of the namespace");
        entries.put("core/Endpoints", "it points a Service at any address, the cluster's own included");
        entries.put("discovery.k8s.io/EndpointSlice", "it points a Service at any address, the cluster's own included");
        return Collections.unmodifiableMap(entries);
    }

    /**
     * Refuses an {@code --allow-kind} value that allows nothing: neither an entry's name nor a
     * kind of a denied group.
     *
     * @throws IllegalArgumentException naming the value and listing the entries
     */
    static void checkAllowed(String value) {
        String v = value == null ? "" : key(value.trim());
        int slash = v.indexOf('/');
        boolean kindOfDeniedGroup = slash > 0 && slash < v.length() - 1
                && ENTRIES.containsKey(v.substring(0, slash) + "/*");
        if (entry(v).isEmpty() && !kindOfDeniedGroup) {
            throw new IllegalArgumentException("--allow-kind '" + value + "' allows nothing: expected one of "
                    + ENTRIES.keySet() + ", or group/Kind of one of the groups written group/*");
        }
    }

    /** Why writing {@code apiVersion}/{@code kind} is refused, naming what allows it; empty when it is not. */
    Optional<String> problem(String apiVersion, String kind) {
        String group = key(group(apiVersion));
        String single = group + "/" + kind;
        if (ENTRIES.containsKey(group + "/*") && !isAllowed(group + "/*") && !isAllowed(single)) {
            return Optional.of(refusal(kind, apiVersion, group + "/*", single));
        }
        return entry(single).filter(e -> !isAllowed(e)).map(e -> refusal(kind, apiVersion, e, e));
    }

    /** As {@link #problem(String, String)} for the object's kind, and for a Secret of the token type. */
    Optional<String> problem(HasMetadata object) {
        Optional<String> kindProblem = problem(object.getApiVersion(), object.getKind());
        boolean secret = "core".equals(group(object.getApiVersion())) && "secret".equals(key(object.getKind()));
        if (kindProblem.isPresent() || !secret) {
            return kindProblem;
        }
        Object type = SERIALIZATION.convertValue(object, Map.class).get("type");
        if (SERVICE_ACCOUNT_TOKEN.equals(type) && !isAllowed(TOKEN_SECRET)) {
            return Optional.of("a Secret of type " + SERVICE_ACCOUNT_TOKEN + " is a kind the operator does not write"
                    + " for plugins (" + ENTRIES.get(TOKEN_SECRET) + "); an admin can allow it with --allow-kind "
                    + TOKEN_SECRET);
        }
        return Optional.empty();
    }

    private static String refusal(String kind, String apiVersion, String entry, String toAllow) {
        return kind + " (" + apiVersion + ") is a kind the operator does not write for plugins ("
                + ENTRIES.get(entry) + "); an admin can allow it with --allow-kind " + toAllow;
    }

    private static Optional<String> entry(String name) {
        String wanted = key(name);
        return ENTRIES.keySet().stream().filter(e -> key(e).equals(wanted)).findFirst();
    }

    private boolean isAllowed(String name) {
        return allowed.contains(key(name));
    }

    /** Kinds and groups are compared without case, so that changing case slips nothing past. */
    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The group of {@code apiVersion}, {@code core} for the core group ({@code v1}). */
    static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "core" : apiVersion.substring(0, slash);
    }
}
