package io.halkyon.operator.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded cluster answers reviews like an API server (fabric8's CRUD mode answers them 404;
 * the answers are checked further through the operator's {@code remote.KubernetesAccessTest}), grants
 * the demo ServiceAccount the permission it was given and nothing else, and stores everything else
 * as before, what the caller installed at start included.
 */
class EmbeddedClusterTest {

    private static final EmbeddedCluster.Permission PERMISSION =
            new EmbeddedCluster.Permission("register", "halkyon.io", "plugins");

    private static EmbeddedCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedCluster.start(client -> client.configMaps().inNamespace("default").resource(
                new ConfigMapBuilder().withNewMetadata().withName("installed").endMetadata().build()).create(),
                PERMISSION);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void aTokenReviewIsAnsweredWithTheRequestedAudiences() {
        KubernetesClient client = cluster.client();

        TokenReview answer = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder().withNewSpec()
                .withToken(cluster.demoPluginToken()).withAudiences("a", "b").endSpec().build());

        assertThat(answer.getStatus().getAuthenticated()).isTrue();
        assertThat(answer.getStatus().getAudiences()).containsExactly("a", "b");
        assertThat(answer.getStatus().getUser().getUsername()).isEqualTo("system:serviceaccount:default:demo-plugin");
        assertThat(client.authentication().v1().tokenReviews().create(new TokenReviewBuilder().withNewSpec()
                .withToken(cluster.demoPluginToken()).endSpec().build()).getStatus().getAudiences())
                .as("no audience asked: the API server's own").containsExactly("https://kubernetes.default.svc");
    }

    @Test
    void aReviewThatIsNotJsonIsABadRequest() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cluster.url().replaceAll("/$", "") + ReviewingDispatcher.ACCESS_REVIEWS))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{not json"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("the body is not a SubjectAccessReview");
    }

    @Test
    void theDemoServiceAccountHasThePermissionItWasGivenAndNothingElse() {
        KubernetesClient client = cluster.client();
        String user = cluster.demoPluginIdentity().username();

        assertThat(review(client, user, "register", "plugins", "default").getStatus().getAllowed()).isTrue();
        assertThat(review(client, user, "create", "plugins", "default").getStatus().getAllowed()).isFalse();
        assertThat(review(client, user, "register", "secrets", "default").getStatus().getAllowed()).isFalse();
        assertThat(review(client, user, "register", "plugins", "kube-system").getStatus().getAllowed()).isFalse();
        assertThat(review(client, "system:serviceaccount:default:other", "register", "plugins", "default")
                .getStatus().getAllowed()).isFalse();
    }

    private static SubjectAccessReview review(KubernetesClient client, String user, String verb, String resource,
                                              String namespace) {
        return client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder().withNewSpec()
                .withUser(user).withNewResourceAttributes().withVerb(verb).withGroup(PERMISSION.group())
                .withResource(resource).withNamespace(namespace).withName("any").endResourceAttributes().endSpec()
                .build());
    }

    @Test
    void whatTheCallerInstalledAtStartIsThere() {
        assertThat(cluster.client().configMaps().inNamespace("default").withName("installed").get()).isNotNull();
    }

    @Test
    void everythingElseIsStoredAsBefore() {
        KubernetesClient client = cluster.client();
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("c")
                .endMetadata().withData(Map.of("k", "v")).build()).create();

        ConfigMap read = client.configMaps().inNamespace("default").withName("c").get();

        assertThat(read.getData()).containsEntry("k", "v");
    }

    @Test
    void aListenerHearsEveryRequestWithItsMethodPathAndAuthorization() {
        List<EmbeddedCluster.Request> heard = new CopyOnWriteArrayList<>();
        cluster.listen(heard::add);

        cluster.client().configMaps().inNamespace("default").withName("installed").get();

        assertThat(heard).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/api/v1/namespaces/default/configmaps/installed");
            assertThat(r.authorization()).as("the client's token").startsWith("Bearer ");
        });
    }

    @Test
    void aSelfSubjectRulesReviewIsAnsweredEverythingUnlessATestSaysOtherwise() {
        SelfSubjectRulesReview question = new SelfSubjectRulesReviewBuilder().withNewSpec().withNamespace("ns")
                .endSpec().build();
        KubernetesClient client = cluster.client();

        assertThat(client.resource(question).create().getStatus().getResourceRules()).singleElement()
                .satisfies(r -> assertThat(r.getVerbs()).containsExactly("*"));
        try {
            cluster.answerRulesReviews((authorization, namespace) -> new SubjectRulesReviewStatusBuilder()
                    .withIncomplete(false).addNewResourceRule().withApiGroups("").withResources(namespace)
                    .withVerbs("get").endResourceRule().build());
            assertThat(client.resource(question).create().getStatus().getResourceRules()).singleElement()
                    .satisfies(r -> assertThat(r.getResources()).containsExactly("ns"));
        } finally {
            cluster.answerRulesReviews((authorization, namespace) -> new SubjectRulesReviewStatusBuilder()
                    .addNewResourceRule().withApiGroups("*").withResources("*").withVerbs("*").endResourceRule()
                    .build());
        }
    }
}
