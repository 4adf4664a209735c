package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResourceConfig;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks an object a plugin built before the operator writes it. Plugins have no cluster
 * credentials; this is what keeps them from using the operator's rights to write elsewhere: the
 * object must carry apiVersion, kind and name, match the dependent it was built for, not be of a
 * denied kind ({@link DeniedKinds}: the operator's own, RBAC, CRDs...), be of a namespaced kind,
 * go into the Capability's namespace and be no larger than the object size limit. Cluster-scoped
 * kinds pass only when the admin allows them, denied kinds only those the admin allows by name.
 * Applied by the {@link Planner} (the reconciler and {@code render} alike), and to decide which
 * kinds the reconciler watches.
 */
final class ObjectValidator {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final ScopeResolver scopes;
    private final boolean allowClusterScoped;
    private final int maxObjectBytes;
    private final DeniedKinds denied;

    /** A validator with the default settings but {@code allowClusterScoped}. */
    ObjectValidator(ScopeResolver scopes, boolean allowClusterScoped) {
        this(scopes, OperatorSettings.builder().allowClusterScoped(allowClusterScoped).build());
    }

    /** A validator applying {@code settings}' cluster-scope rule, allowed kinds and object size limit. */
    ObjectValidator(ScopeResolver scopes, OperatorSettings settings) {
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.allowClusterScoped = settings.allowClusterScoped();
        this.maxObjectBytes = settings.maxObjectBytes();
        this.denied = new DeniedKinds(settings.allowedKinds());
    }

    /** The resolver deciding each kind's scope. */
    public ScopeResolver scopes() {
        return scopes;
    }

    /**
     * The problem with dependent {@code key} of {@code config}, whose kind's scope is
     * {@code scope}, before any object is built: a kind the API server does not know, a
     * cluster-scoped kind the admin did not allow, or, when the operator would write it (created
     * or updated), a denied kind. A dependent only read (neither created nor updated) may be of
     * a denied kind: its plugin sees of it what {@link LiveView} allows.
     */
    public Optional<String> problemWithDependent(String pluginName, DependentKey key, DependentResourceConfig config,
                                                 ScopeResolver.Scope scope) {
        Optional<String> problem = scopeProblem(key.apiVersion(), key.kind(), scope);
        if (problem.isEmpty() && (config.created() || config.updated())) {
            problem = denied.problem(key.apiVersion(), key.kind());
        }
        return problem.map(p -> refused(pluginName, key, p));
    }

    /**
     * The problem with {@code object}, built by {@code pluginName} for {@code key} of
     * {@code owner}, as a sentence naming the plugin; empty when it may be written.
     */
    public Optional<String> problem(String pluginName, DependentKey key, HasMetadata object, Capability owner) {
        return check(key, object, owner).map(p -> refused(pluginName, key, p));
    }

    private static String refused(String pluginName, DependentKey key, String problem) {
        return "plugin '" + pluginName + "' built an object for dependent " + key + " that the operator refuses: "
                + problem;
    }

    private Optional<String> scopeProblem(String apiVersion, String kind, ScopeResolver.Scope scope) {
        return switch (scope) {
            case UNKNOWN -> Optional.of("the API server does not know kind " + kind + " in " + apiVersion);
            case CLUSTER -> allowClusterScoped ? Optional.empty()
                    : Optional.of(kind + " is a cluster-scoped kind; cluster-scoped objects are refused"
                            + " unless the admin allows them (--allow-cluster-scoped)");
            case NAMESPACED -> Optional.empty();
        };
    }

    private Optional<String> check(DependentKey key, HasMetadata object, Capability owner) {
        if (object == null) {
            return Optional.of("the plugin returned no object");
        }
        if (blank(object.getApiVersion())) {
            return Optional.of("apiVersion is missing");
        }
        if (blank(object.getKind())) {
            return Optional.of("kind is missing");
        }
        if (object.getMetadata() == null || blank(object.getMetadata().getName())) {
            return Optional.of("metadata.name is missing");
        }
        DependentKey built = DependentKey.of(object);
        if (!built.equals(key)) {
            return Optional.of("it is " + built + ", not the declared " + key);
        }
        ScopeResolver.Scope scope = scopes.scopeOf(object.getApiVersion(), object.getKind());
        Optional<String> kindProblem = scopeProblem(object.getApiVersion(), object.getKind(), scope)
                .or(() -> denied.problem(object));
        if (kindProblem.isPresent()) {
            return kindProblem;
        }
        String namespace = object.getMetadata().getNamespace();
        String ownerNamespace = owner.getMetadata().getNamespace();
        if (scope == ScopeResolver.Scope.NAMESPACED && !blank(namespace) && !namespace.equals(ownerNamespace)) {
            return Optional.of("namespace '" + namespace + "' is not the Capability's namespace '" + ownerNamespace
                    + "'");
        }
        return sizeProblem(object);
    }

    /**
     * The object as JSON must fit in the limit. The host hands over the parsed object, not the
     * plugin's bytes, so it is serialized once here; its UTF-8 length is then counted only when
     * the character count alone cannot decide (a character takes 1 to 3 bytes, a surrogate pair
     * 4), without copying it to bytes.
     */
    private Optional<String> sizeProblem(HasMetadata object) {
        String json = SERIALIZATION.asJson(object);
        if ((long) json.length() * 3 <= maxObjectBytes) {
            return Optional.empty();
        }
        long bytes = utf8Length(json);
        return bytes <= maxObjectBytes ? Optional.empty()
                : Optional.of("it is " + size(bytes) + " of JSON, over the limit of " + size(maxObjectBytes)
                        + " per object (--max-object-size)");
    }

    /** The length of {@code text} in UTF-8, as {@code getBytes(UTF_8).length} would say (lone surrogates: 1 byte, '?'). */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** {@code 1.2 MiB}, {@code 34.5 KiB} or {@code 999 bytes}. */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return bytes >= 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0) : bytes + " bytes";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
