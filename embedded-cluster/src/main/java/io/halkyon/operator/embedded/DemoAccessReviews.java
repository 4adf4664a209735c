package io.halkyon.operator.embedded;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewSpec;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.halkyon.plugin.host.remote.PeerIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The embedded API server's answers to TokenReviews and SubjectAccessReviews, as a real one
 * would give them for one ServiceAccount, {@code default/demo-plugin}, holding a random token made
 * at start (valid for every audience) and allowed one {@link EmbeddedCluster.Permission} in
 * namespace {@code default}, on any name. Every other token is not authenticated; every other
 * identity or request is denied.
 */
final class DemoAccessReviews {

    static final String NAMESPACE = "default";
    static final String SERVICE_ACCOUNT = "demo-plugin";
    /** What a real API server answers as its own audience when a TokenReview asks for none. */
    static final String API_SERVER_AUDIENCE = "https://kubernetes.default.svc";

    private final String token;
    private final PeerIdentity identity;
    private final EmbeddedCluster.Permission permission;

    DemoAccessReviews(EmbeddedCluster.Permission permission) {
        this.permission = permission;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        this.identity = new PeerIdentity("system:serviceaccount:" + NAMESPACE + ":" + SERVICE_ACCOUNT,
                UUID.randomUUID().toString(),
                List.of("system:serviceaccounts", "system:serviceaccounts:" + NAMESPACE, "system:authenticated"));
    }

    String token() {
        return token;
    }

    PeerIdentity identity() {
        return identity;
    }

    /** {@code request} with its status filled in. */
    TokenReview review(TokenReview request) {
        TokenReviewSpec spec = request.getSpec();
        String presented = spec == null || spec.getToken() == null ? "" : spec.getToken();
        TokenReviewStatus status;
        if (MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            List<String> asked = spec.getAudiences();
            status = new TokenReviewStatusBuilder().withAuthenticated(true)
                    .withAudiences(asked == null || asked.isEmpty() ? List.of(API_SERVER_AUDIENCE) : asked)
                    .withNewUser().withUsername(identity.username()).withUid(identity.uid())
                    .withGroups(identity.groups()).endUser().build();
        } else {
            status = new TokenReviewStatusBuilder().withAuthenticated(false)
                    .withError("invalid bearer token: not the token of " + NAMESPACE + "/" + SERVICE_ACCOUNT
                            + " (the only ServiceAccount with a token in the embedded cluster)").build();
        }
        request.setStatus(status);
        return request;
    }

    /** {@code request} with its status filled in. */
    SubjectAccessReview review(SubjectAccessReview request) {
        var spec = request.getSpec();
        ResourceAttributes asked = spec == null ? null : spec.getResourceAttributes();
        boolean allowed = spec != null && identity.username().equals(spec.getUser()) && asked != null
                && permission.verb().equals(asked.getVerb()) && permission.group().equals(asked.getGroup())
                && permission.resource().equals(asked.getResource()) && NAMESPACE.equals(asked.getNamespace())
                && (asked.getSubresource() == null || asked.getSubresource().isEmpty());
        String reason = allowed
                ? "embedded cluster: " + identity.username() + " may " + permission.verb() + " any "
                        + permission.resource() + "." + permission.group() + " in namespace " + NAMESPACE
                : "embedded cluster: only " + identity.username() + " is allowed anything, and only verb '"
                        + permission.verb() + "' on '" + permission.resource() + "." + permission.group()
                        + "' in namespace '" + NAMESPACE + "'";
        request.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(allowed).withReason(reason).build());
        return request;
    }
}
