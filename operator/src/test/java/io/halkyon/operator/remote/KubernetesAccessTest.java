package io.halkyon.operator.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.halkyon.operator.embedded.EmbeddedCluster;
import io.halkyon.operator.support.TestCluster;
import io.halkyon.plugin.api.PluginAccessException;
import io.halkyon.plugin.api.PluginAccessException.Reason;
import io.halkyon.plugin.host.remote.PeerIdentity;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link KubernetesAccess} against the embedded cluster, which answers reviews as a real API
 * server would for its demo ServiceAccount {@code default/demo-plugin}.
 */
class KubernetesAccessTest {

    private static EmbeddedCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static KubernetesAccess access(String namespace, List<String> audiences) {
        return new KubernetesAccess(cluster.client(), namespace, audiences);
    }

    private static KubernetesAccess access() {
        return access("default", List.of(KubernetesAccess.DEFAULT_AUDIENCE));
    }

    @Test
    void theDemoTokenAuthenticatesAsTheDemoServiceAccountWithItsUidAndGroups() {
        PeerIdentity identity = access().authenticate(cluster.demoPluginToken());

        assertThat(identity.username()).isEqualTo("system:serviceaccount:default:demo-plugin");
        assertThat(identity.uid()).isNotEmpty().isEqualTo(cluster.demoPluginIdentity().uid());
        assertThat(identity.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:default",
                "system:authenticated");
        assertThat(identity).isEqualTo(cluster.demoPluginIdentity());
    }

    @Test
    void withoutAudiencesTheDemoTokenIsAcceptedForTheApiServersOwnAudience() {
        assertThat(access("default", List.of()).authenticate(cluster.demoPluginToken()))
                .isEqualTo(cluster.demoPluginIdentity());
    }

    @Test
    void aWrongTokenIsUnauthenticatedWithTheReviewsErrorAndTheMessageDoesNotHoldTheToken() {
        String wrong = "wrong-" + UUID.randomUUID();

        PluginAccessException e = catchThrowableOfType(PluginAccessException.class,
                () -> access().authenticate(wrong));

        assertThat(e.reason()).isEqualTo(Reason.UNAUTHENTICATED);
        assertThat(e.getMessage()).startsWith("remote plugin refused: its token is not valid (TokenReview error: "
                + "invalid bearer token: not the token of default/demo-plugin").doesNotContain(wrong);
        assertThat(e.getMessage()).doesNotContain(cluster.demoPluginToken());
    }

    @Test
    void theDemoServiceAccountMayRegisterAnyPluginNameInItsNamespace() {
        PeerIdentity demo = access().authenticate(cluster.demoPluginToken());

        assertThatCode(() -> access().authorize(demo, "postgres")).doesNotThrowAnyException();
        assertThatCode(() -> access().authorize(demo, "anything-else")).doesNotThrowAnyException();
    }

    @Test
    void anotherIdentityIsDeniedWithAMessageNamingItThePluginAndTheMissingPermission() {
        PluginAccessException e = catchThrowableOfType(PluginAccessException.class,
                () -> access().authorize(PeerIdentity.of("system:serviceaccount:db:pg"), "pg"));

        assertThat(e.reason()).isEqualTo(Reason.PERMISSION_DENIED);
        assertThat(e.pluginName()).isEqualTo("pg");
        assertThat(e.getMessage()).isEqualTo("remote plugin 'pg': system:serviceaccount:db:pg may not register it:"
                + " needs verb 'register' on resource 'plugins.halkyon.io' named 'pg' in namespace 'default' (grant it"
                + " with a Role and RoleBinding, see docs/remote-plugins.md); the API server says: embedded cluster:"
                + " only system:serviceaccount:default:demo-plugin is allowed anything, and only verb 'register' on"
                + " 'plugins.halkyon.io' in namespace 'default'");
    }

    @Test
    void theDemoServiceAccountIsDeniedInANamespaceWhereItHasNoGrant() {
        PluginAccessException e = catchThrowableOfType(PluginAccessException.class,
                () -> access("halkyon", List.of()).authorize(cluster.demoPluginIdentity(), "postgres"));

        assertThat(e.reason()).isEqualTo(Reason.PERMISSION_DENIED);
        assertThat(e.getMessage()).startsWith("remote plugin 'postgres': system:serviceaccount:default:demo-plugin may"
                + " not register it: needs verb 'register' on resource 'plugins.halkyon.io' named 'postgres' in"
                + " namespace 'halkyon'");
    }

    @Test
    void aNameWithControlCharactersIsEscapedInTheDenial() {
        PluginAccessException e = catchThrowableOfType(PluginAccessException.class,
                () -> access().authorize(PeerIdentity.of("someone"), "pg\nINFO forged line"));

        assertThat(e.getMessage()).doesNotContain("\n").contains("'pg\\u000aINFO forged line'");
    }
}
