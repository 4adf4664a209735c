package io.halkyon.operator.embedded;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatus;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The mock server's CRUD dispatcher, except that TokenReviews and SubjectAccessReviews are
 * answered (by {@link DemoAccessReviews}) as a real API server answers them, rather than stored:
 * reviews are questions, not objects. SelfSubjectRulesReviews (the operator SDK checks its Lease
 * rights with one) are answered "everything", this server having no RBAC, unless a test says
 * otherwise. Everything else goes to the CRUD dispatcher unchanged.
 */
final class ReviewingDispatcher extends KubernetesMixedDispatcher {

    static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    static final String SELF_RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
    /** This server has no RBAC: whoever asks may do everything. */
    private static final SubjectRulesReviewStatus EVERYTHING = new SubjectRulesReviewStatusBuilder()
            .addNewResourceRule().withApiGroups("*").withResources("*").withVerbs("*").endResourceRule()
            .addNewNonResourceRule().withNonResourceURLs("*").withVerbs("*").endNonResourceRule()
            .withIncomplete(false).build();

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final DemoAccessReviews reviews;
    private final List<Consumer<EmbeddedCluster.Request>> listeners = new CopyOnWriteArrayList<>();
    private volatile BiFunction<String, String, SubjectRulesReviewStatus> rules = (authorization, namespace) -> EVERYTHING;

    ReviewingDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations, DemoAccessReviews reviews) {
        super(expectations);
        this.reviews = reviews;
    }

    /** {@code listener} hears of every request before it is answered. */
    void listen(Consumer<EmbeddedCluster.Request> listener) {
        listeners.add(listener);
    }

    /** Who may do what: the status of a SelfSubjectRulesReview, from the Authorization header and the namespace. */
    void answerRulesReviews(BiFunction<String, String, SubjectRulesReviewStatus> answer) {
        rules = answer;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (!listeners.isEmpty()) {
            EmbeddedCluster.Request heard = new EmbeddedCluster.Request(request.getMethod(), request.getPath(),
                    request.getHeader("Authorization"));
            listeners.forEach(l -> l.accept(heard));
        }
        if ("POST".equals(request.getMethod())) {
            String path = request.getPath().split("\\?", 2)[0];
            if (path.equals(TOKEN_REVIEWS)) {
                return answer(request, TokenReview.class, reviews::review);
            }
            if (path.equals(ACCESS_REVIEWS)) {
                return answer(request, SubjectAccessReview.class, reviews::review);
            }
            if (path.equals(SELF_RULES_REVIEWS)) {
                String authorization = request.getHeader("Authorization");
                return answer(request, SelfSubjectRulesReview.class, review -> {
                    String namespace = review.getSpec() == null ? null : review.getSpec().getNamespace();
                    review.setStatus(rules.apply(authorization, namespace));
                    return review;
                });
            }
        }
        return super.dispatch(request);
    }

    private <T> MockResponse answer(RecordedRequest request, Class<T> type, UnaryOperator<T> review) {
        T question;
        try {
            question = json.unmarshal(request.getUtf8Body(), type);
        } catch (RuntimeException e) {
            return respond(400, new StatusBuilder().withStatus("Failure").withCode(400).withReason("BadRequest")
                    .withMessage("the body is not a " + type.getSimpleName() + ": " + e.getMessage()).build());
        }
        return respond(201, review.apply(question));
    }

    private MockResponse respond(int code, Object body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(json.asJson(body));
    }
}
