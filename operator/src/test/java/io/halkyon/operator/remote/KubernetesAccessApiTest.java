package io.halkyon.operator.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.PluginAccessException;
import io.halkyon.plugin.api.PluginAccessException.Reason;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.remote.PeerIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link KubernetesAccess} against an API server in expectation mode: what it asks, what it makes of
 * answers a real server may give (a token for another audience), and of failures (500, 403, a
 * closed port, a server quoting the token back), which must be plain {@link PluginException}s.
 */
class KubernetesAccessApiTest {

    private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.secret-part.signature";
    private static final PeerIdentity PG = new PeerIdentity("system:serviceaccount:db:pg", "uid-1",
            List.of("system:serviceaccounts", "system:authenticated"));

    private final KubernetesSerialization json = new KubernetesSerialization();
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void startServer() {
        server = new KubernetesMockServer(false);
        server.init();
        // The client retries failed requests as the operator's does (quickly here); KubernetesAccess must not.
        client = server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(10)
                .withRequestRetryBackoffInterval(1).endConfig());
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.destroy();
    }

    private KubernetesAccess access(List<String> audiences) {
        return new KubernetesAccess(client, "halkyon", audiences);
    }

    private static TokenReview authenticated(String... audiences) {
        return new TokenReviewBuilder().withNewStatus().withAuthenticated(true).withAudiences(audiences).withNewUser()
                .withUsername(PG.username()).withUid(PG.uid()).withGroups(PG.groups()).endUser().endStatus().build();
    }

    /** The last request's body; asked once per request (the server hands each out once). */
    private TokenReview sentTokenReview() throws InterruptedException {
        return json.unmarshal(server.getLastRequest().getUtf8Body(), TokenReview.class);
    }

    @Test
    void theTokenReviewCarriesTheTokenAndTheAudiencesAndAnAnswerForOneOfThemIsAccepted() throws Exception {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated("halkyon-operator")).once();

        PeerIdentity identity = access(List.of("other", "halkyon-operator")).authenticate(TOKEN);

        assertThat(identity).isEqualTo(PG);
        TokenReview sent = sentTokenReview();
        assertThat(sent.getSpec().getToken()).isEqualTo(TOKEN);
        assertThat(sent.getSpec().getAudiences()).containsExactly("other", "halkyon-operator");
    }

    @Test
    void withoutAudiencesTheTokenReviewAsksForNoneAndTheApiServersAudienceIsAccepted() throws Exception {
        server.expect().post().withPath(TOKEN_REVIEWS)
                .andReturn(201, authenticated("https://kubernetes.default.svc.cluster.local")).once();

        assertThat(access(List.of()).authenticate(TOKEN)).isEqualTo(PG);
        assertThat(sentTokenReview().getSpec().getAudiences()).isNullOrEmpty();
    }

    @Test
    void aTokenValidOnlyForTheApiServerIsRefusedWhenAnAudienceWasAsked() {
        server.expect().post().withPath(TOKEN_REVIEWS)
                .andReturn(201, authenticated("https://kubernetes.default.svc.cluster.local")).once();
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated()).once();

        for (int i = 0; i < 2; i++) {
            PluginAccessException e = catchThrowableOfType(PluginAccessException.class,
                    () -> access(List.of("halkyon-operator")).authenticate(TOKEN));

            assertThat(e.reason()).isEqualTo(Reason.UNAUTHENTICATED);
            assertThat(e.getMessage()).startsWith("remote plugin refused: its token is valid, but not for audience"
                            + " 'halkyon-operator' (the TokenReview's audiences: ")
                    .endsWith("); mount a projected ServiceAccount token with audience 'halkyon-operator'")
                    .doesNotContain(TOKEN);
        }
    }

    @Test
    void aReviewErrorWithLineBreaksAndMuchTextIsEscapedAndCut() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, new TokenReviewBuilder().withNewStatus()
                .withAuthenticated(false).withError("bad token " + TOKEN + "\nINFO forged " + "x".repeat(10_000))
                .endStatus().build()).once();

        PluginAccessException e = catchThrowableOfType(PluginAccessException.class,
                () -> access(List.of("halkyon-operator")).authenticate(TOKEN));

        assertThat(e.reason()).isEqualTo(Reason.UNAUTHENTICATED);
        assertThat(e.getMessage()).contains("bad token <token>\\u000aINFO forged").doesNotContain("\n")
                .doesNotContain(TOKEN)
                .hasSizeLessThan(500);
    }

    @Test
    void theSubjectAccessReviewCarriesTheIdentityAndTheResourceAttributes() throws Exception {
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201,
                new SubjectAccessReviewBuilder().withNewStatus().withAllowed(true).endStatus().build()).once();

        access(List.of()).authorize(PG, "pg");

        SubjectAccessReview sent = json.unmarshal(server.getLastRequest().getUtf8Body(), SubjectAccessReview.class);
        assertThat(sent.getSpec().getUser()).isEqualTo(PG.username());
        assertThat(sent.getSpec().getUid()).isEqualTo(PG.uid());
        assertThat(sent.getSpec().getGroups()).isEqualTo(PG.groups());
        ResourceAttributes asked = sent.getSpec().getResourceAttributes();
        assertThat(List.of(asked.getVerb(), asked.getGroup(), asked.getResource(), asked.getName(), asked.getNamespace()))
                .containsExactly("register", "halkyon.io", "plugins", "pg", "halkyon");
        assertThat(asked.getSubresource()).isNull();
        assertThat(sent.getSpec().getNonResourceAttributes()).isNull();
    }

    @Test
    void aDenialWithoutReasonStillNamesThePermissionAndAnEvaluationErrorIsShown() {
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, new SubjectAccessReviewBuilder().withNewStatus()
                .withAllowed(false).withEvaluationError("webhook timed out").endStatus().build()).once();

        PluginAccessException e = catchThrowableOfType(PluginAccessException.class,
                () -> access(List.of()).authorize(PG, "pg"));

        assertThat(e.reason()).isEqualTo(Reason.PERMISSION_DENIED);
        assertThat(e.getMessage()).isEqualTo("remote plugin 'pg': system:serviceaccount:db:pg may not register it:"
                + " needs verb 'register' on resource 'plugins.halkyon.io' named 'pg' in namespace 'halkyon' (grant it"
                + " with a Role and RoleBinding, see docs/remote-plugins.md); evaluation error: webhook timed out");
    }

    @Test
    void aServerErrorOnTheTokenReviewIsAPlainPluginExceptionNamingTheReview() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(500, new StatusBuilder().withStatus("Failure")
                .withCode(500).withMessage("etcd is down").build()).once();

        Throwable e = catchThrowable(() -> access(List.of("halkyon-operator")).authenticate(TOKEN));

        assertThat(e).isExactlyInstanceOf(PluginException.class)
                .hasMessage("cannot check remote plugin access: the TokenReview failed (HTTP 500): etcd is down");
    }

    @Test
    void aFailedReviewIsNotRetriedTheServerAsksThePeerToComeBack() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(503, new StatusBuilder().withStatus("Failure")
                .withCode(503).withMessage("overloaded").build()).once();
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated("halkyon-operator")).once();

        Throwable e = catchThrowable(() -> access(List.of("halkyon-operator")).authenticate(TOKEN));

        assertThat(e).isExactlyInstanceOf(PluginException.class).hasMessageContaining("(HTTP 503): overloaded");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aReviewTheServerDoesNotAnswerInTimeIsAPlainPluginException() {
        server.expect().post().delay(KubernetesAccess.REVIEW_TIMEOUT.multipliedBy(6).toMillis())
                .withPath(TOKEN_REVIEWS).andReturn(201, authenticated("halkyon-operator")).once();

        Throwable e = catchThrowable(() -> access(List.of("halkyon-operator")).authenticate(TOKEN));

        assertThat(e).isExactlyInstanceOf(PluginException.class)
                .hasMessageStartingWith("cannot check remote plugin access: the TokenReview failed")
                .hasMessageContaining("did not answer").hasMessageContaining("imeout");
    }

    @Test
    void aForbiddenReviewSaysTheOperatorsServiceAccountNeedsCreateOnIt() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(403, new StatusBuilder().withStatus("Failure")
                .withCode(403).withReason("Forbidden").build()).once();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(403, new StatusBuilder().withStatus("Failure")
                .withCode(403).withReason("Forbidden").build()).once();

        Throwable token = catchThrowable(() -> access(List.of("halkyon-operator")).authenticate(TOKEN));
        Throwable sar = catchThrowable(() -> access(List.of()).authorize(PG, "pg"));

        assertThat(token).isExactlyInstanceOf(PluginException.class).hasMessage("cannot check remote plugin access:"
                + " the TokenReview failed: the API server refused it (403 Forbidden): the operator's ServiceAccount"
                + " needs verb 'create' on 'tokenreviews.authentication.k8s.io' (operator/deploy/base/rbac.yaml"
                + " grants it)");
        assertThat(sar).isExactlyInstanceOf(PluginException.class).hasMessageContaining("the SubjectAccessReview failed")
                .hasMessageContaining("needs verb 'create' on 'subjectaccessreviews.authorization.k8s.io'");
        assertThat(((PluginException) sar).pluginName()).isEqualTo("pg");
    }

    @Test
    void aServerQuotingTheTokenInItsErrorDoesNotGetItIntoTheExceptionOrItsCauses() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(400, new StatusBuilder().withStatus("Failure")
                .withCode(400).withMessage("cannot parse token " + TOKEN).build()).once();

        Throwable e = catchThrowable(() -> access(List.of("halkyon-operator")).authenticate(TOKEN));

        assertThat(e).isExactlyInstanceOf(PluginException.class).hasMessageContaining("cannot parse token <token>");
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(t.getMessage()).doesNotContain(TOKEN);
        }
    }

    @Test
    void anUnreachableApiServerIsAPlainPluginExceptionNamingTheReview() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + closed)
                .withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(config).build()) {
            KubernetesAccess access = new KubernetesAccess(unreachable, "halkyon", List.of("halkyon-operator"));

            Throwable e = catchThrowable(() -> access.authenticate(TOKEN));

            assertThat(e).isExactlyInstanceOf(PluginException.class)
                    .hasMessageStartingWith("cannot check remote plugin access: the TokenReview failed: the API server"
                            + " at http://127.0.0.1:" + closed + "/ did not answer (")
                    .hasMessageContaining("ConnectException")
                    .hasMessageNotContaining(TOKEN);
            assertThat(e.getCause()).as("the cause is kept for the log").isNotNull();
        }
    }

    @Test
    void anAuthenticatedAnswerWithoutUserIsNotTakenForAnIdentity() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, new TokenReviewBuilder().withNewStatus()
                .withAuthenticated(true).withAudiences("halkyon-operator").endStatus().build()).once();

        Throwable e = catchThrowable(() -> access(List.of("halkyon-operator")).authenticate(TOKEN));

        assertThat(e).isExactlyInstanceOf(PluginException.class).hasMessage("cannot check a remote plugin's token:"
                + " the TokenReview says it is valid but names no user");
    }
}
