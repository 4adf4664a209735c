package io.halkyon.operator.remote;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.halkyon.plugin.api.PluginAccessException;
import io.halkyon.plugin.api.PluginAccessException.Reason;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.fetch.internal.LogText;
import io.halkyon.plugin.host.remote.PeerIdentity;
import io.halkyon.plugin.host.remote.RemoteAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote plugin access decided by the Kubernetes API (docs/protocol.md, section 14.5): a bearer
 * token is checked with an {@code authentication.k8s.io/v1} TokenReview carrying the operator's
 * audiences, and the identity it names with an {@code authorization.k8s.io/v1}
 * SubjectAccessReview for verb {@value #VERB} on {@code plugins.halkyon.io} named as the plugin, in
 * the operator's namespace. The operator's ServiceAccount needs {@code create} on
 * {@code tokenreviews} and {@code subjectaccessreviews} ({@code operator/deploy/base/rbac.yaml}).
 *
 * <p><b>Audiences.</b> With audiences (the default, {@value #DEFAULT_AUDIENCE}) a plugin must send a
 * projected ServiceAccount token minted for one of them: such a token is worth nothing against the
 * API server or any other service, so a plugin's token cannot be replayed elsewhere and a token
 * stolen elsewhere is refused here. With no audiences the API server checks the token against its
 * own audiences: needed for plugins that send the pod's default token (the reference Go framework's
 * {@code WithServiceAccountToken}), at a price: such a token is also valid against the API server, so
 * the operator (and whoever reads its traffic or memory) holds a credential with each plugin's rights
 * in the cluster, and a pod token leaked by any other service that receives it is accepted here.
 *
 * <p>Answers are not cached here (the remote plugin server caches them). Each review is one try of
 * at most {@link #REVIEW_TIMEOUT}, without the client's retries: a registration waits on it, and the
 * peer tries again itself. An API call that fails (server unreachable or slow, the review refused
 * because the operator lacks RBAC) is a plain {@link PluginException}: the check could not be made,
 * which the server reports to the peer as {@code UNAVAILABLE}. Thread-safe.
 */
public final class KubernetesAccess implements RemoteAccess {

    /** The audience asked for when none is configured. */
    public static final String DEFAULT_AUDIENCE = "halkyon-operator";
    /** The SubjectAccessReview's verb: what an admin grants a plugin's ServiceAccount. */
    public static final String VERB = "register";
    /** The SubjectAccessReview's API group. */
    public static final String GROUP = "halkyon.io";
    /** The SubjectAccessReview's resource (no such resource exists: RBAC checks it all the same). */
    public static final String RESOURCE = "plugins";

    /** The longest a review may take. */
    public static final Duration REVIEW_TIMEOUT = Duration.ofSeconds(5);

    /** The name in exceptions raised before the plugin's name is known (the token is checked first). */
    private static final String UNNAMED = "remote plugin";
    private static final Logger log = LoggerFactory.getLogger(KubernetesAccess.class);

    private final KubernetesClient client;
    private final String namespace;
    private final List<String> audiences;

    /**
     * @param client    the operator's client (shared, not closed here); its credentials need {@code create}
     *                  on the two reviews
     * @param namespace the namespace of the SubjectAccessReview: where admins grant plugins their
     *                  names, normally the operator's ({@link OperatorNamespace#current()})
     * @param audiences the audiences a token must be minted for ({@code List.of(DEFAULT_AUDIENCE)}
     *                  normally); empty: the API server's own (see the class comment for the cost)
     */
    public KubernetesAccess(KubernetesClient client, String namespace, List<String> audiences) {
        // A view of the same client (same connections and credentials) with one bounded try per request.
        this.client = Objects.requireNonNull(client, "client").newClient(
                new RequestConfigBuilder(client.getConfiguration().getRequestConfig()).withRequestRetryBackoffLimit(0)
                        .withRequestTimeout((int) REVIEW_TIMEOUT.toMillis()).build()).adapt(KubernetesClient.class);
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("KubernetesAccess.namespace must not be empty");
        }
        this.namespace = namespace;
        this.audiences = List.copyOf(audiences);
        if (this.audiences.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("KubernetesAccess.audiences must not hold an empty audience: " + audiences);
        }
    }

    /** The namespace of the SubjectAccessReviews. */
    public String namespace() {
        return namespace;
    }

    /** The audiences asked for; empty: the API server's own. */
    public List<String> audiences() {
        return audiences;
    }

    @Override
    public PeerIdentity authenticate(String token) {
        Objects.requireNonNull(token, "token");
        TokenReview request = new TokenReviewBuilder().withNewSpec().withToken(token)
                .withAudiences(audiences.isEmpty() ? null : audiences).endSpec().build();
        TokenReview review = call(UNNAMED, "TokenReview", "tokenreviews.authentication.k8s.io", token,
                () -> client.authentication().v1().tokenReviews().create(request));
        TokenReviewStatus status = review == null ? null : review.getStatus();
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
            String error = status == null || status.getError() == null || status.getError().isBlank()
                    ? "the TokenReview gave no reason" : "TokenReview error: " + safe(status.getError(), token);
            throw new PluginAccessException(UNNAMED, Reason.UNAUTHENTICATED,
                    "remote plugin refused: its token is not valid (" + error + ")");
        }
        if (!audiences.isEmpty() && (status.getAudiences() == null
                || status.getAudiences().stream().noneMatch(audiences::contains))) {
            // An empty status.audiences means "valid for the API server": a token not minted for us.
            throw new PluginAccessException(UNNAMED, Reason.UNAUTHENTICATED,
                    "remote plugin refused: its token is valid, but not for audience " + names(audiences)
                    + " (the TokenReview's audiences: " + names(status.getAudiences()) + "); mount a projected"
                    + " ServiceAccount token with audience " + names(audiences));
        }
        UserInfo user = status.getUser();
        if (user == null || user.getUsername() == null || user.getUsername().isBlank()) {
            throw new PluginException(UNNAMED,
                    "cannot check a remote plugin's token: the TokenReview says it is valid but names no user");
        }
        PeerIdentity identity = new PeerIdentity(user.getUsername(), user.getUid(), user.getGroups());
        log.debug("remote plugin token authenticated as {}", identity);
        return identity;
    }

    @Override
    public void authorize(PeerIdentity identity, String pluginName) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(pluginName, "pluginName");
        SubjectAccessReview request = new SubjectAccessReviewBuilder().withNewSpec()
                .withUser(identity.username()).withUid(identity.uid().isEmpty() ? null : identity.uid())
                .withGroups(identity.groups())
                .withNewResourceAttributes().withVerb(VERB).withGroup(GROUP).withResource(RESOURCE)
                .withName(pluginName).withNamespace(namespace).endResourceAttributes()
                .endSpec().build();
        SubjectAccessReview review = call(pluginName, "SubjectAccessReview",
                "subjectaccessreviews.authorization.k8s.io", null,
                () -> client.authorization().v1().subjectAccessReview().create(request));
        SubjectAccessReviewStatus status = review == null ? null : review.getStatus();
        if (status != null && Boolean.TRUE.equals(status.getAllowed())) {
            log.debug("remote plugin {}: {} may register it", LogText.quote(pluginName), identity);
            return;
        }
        StringBuilder message = new StringBuilder("remote plugin ").append(LogText.quote(pluginName)).append(": ")
                .append(LogText.escape(identity.username())).append(" may not register it: needs verb '").append(VERB)
                .append("' on resource '").append(RESOURCE).append('.').append(GROUP).append("' named ")
                .append(LogText.quote(pluginName)).append(" in namespace '").append(namespace)
                .append("' (grant it with a Role and RoleBinding, see docs/remote-plugins.md)");
        if (status != null && status.getReason() != null && !status.getReason().isBlank()) {
            message.append("; the API server says: ").append(LogText.escape(status.getReason()));
        }
        if (status != null && status.getEvaluationError() != null && !status.getEvaluationError().isBlank()) {
            message.append("; evaluation error: ").append(LogText.escape(status.getEvaluationError()));
        }
        throw new PluginAccessException(pluginName, Reason.PERMISSION_DENIED, message.toString());
    }

    /**
     * Creates a review; an API failure becomes a plain {@link PluginException} naming the review and,
     * for a 403, the permission the operator lacks. {@code token}, when given, is cut out of the message.
     */
    private <T> T call(String pluginName, String kind, String resource, String token, Supplier<T> review) {
        try {
            return review.get();
        } catch (KubernetesClientException e) {
            String what = "cannot check remote plugin access: the " + kind + " failed";
            String detail;
            if (e.getCode() == 403) {
                detail = ": the API server refused it (403 Forbidden): the operator's ServiceAccount needs verb"
                        + " 'create' on '" + resource + "' (operator/deploy/base/rbac.yaml grants it)";
            } else if (e.getCode() == 401) {
                detail = ": the API server did not accept the operator's own credentials (401 Unauthorized)";
            } else if (e.getCode() <= 0) {
                // No answer at all: say where the server was and what stopped the connection.
                detail = ": the API server at " + client.getConfiguration().getMasterUrl() + " did not answer ("
                        + safe(causes(e), token) + ")";
            } else {
                String said = e.getStatus() != null && e.getStatus().getMessage() != null
                        ? e.getStatus().getMessage() : e.getMessage();
                detail = " (HTTP " + e.getCode() + "): " + safe(said, token);
            }
            // The cause is kept for its stack, unless some message in it quotes the token.
            throw new PluginException(pluginName, what + detail, quotes(e, token) ? null : e);
        }
    }

    /** What stopped the connection: the causes under fabric8's wrapper, outermost first. */
    private static String causes(Throwable e) {
        List<String> chain = new ArrayList<>();
        for (Throwable t = e.getCause(); t != null && chain.size() < 4; t = t.getCause() == t ? null : t.getCause()) {
            chain.add(t.toString());
        }
        return chain.isEmpty() ? String.valueOf(e.getMessage()) : String.join(", caused by ", chain);
    }

    private static boolean quotes(Throwable e, String token) {
        for (Throwable t = e; token != null && t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(token)) {
                return true;
            }
        }
        return false;
    }

    /** Text from the API server, escaped and cut, and never holding the token. */
    private static String safe(String text, String token) {
        String clean = token == null || token.isEmpty() || text == null ? text : text.replace(token, "<token>");
        return LogText.escape(clean);
    }

    private static String names(List<String> values) {
        return values == null || values.isEmpty() ? "none"
                : String.join(", ", values.stream().map(LogText::quote).toList());
    }
}
