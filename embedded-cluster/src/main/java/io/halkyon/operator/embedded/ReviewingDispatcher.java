package io.halkyon.operator.embedded;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.Queue;
import java.util.function.UnaryOperator;

/**
 * The mock server's CRUD dispatcher, except that TokenReviews and SubjectAccessReviews are
 * answered (by {@link DemoAccessReviews}) as a real API server answers them, rather than stored:
 * reviews are questions, not objects. A SelfSubjectRulesReview (the caller asking what it may do:
 * JOSDK's leader election checks its Lease rights so) is answered "everything", which is what the
 * mock lets every client do. Everything else goes to the CRUD dispatcher unchanged.
 */
final class ReviewingDispatcher extends KubernetesMixedDispatcher {

    static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    static final String RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final DemoAccessReviews reviews;

    ReviewingDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations, DemoAccessReviews reviews) {
        super(expectations);
        this.reviews = reviews;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if ("POST".equals(request.getMethod())) {
            String path = request.getPath().split("\\?", 2)[0];
            if (path.equals(TOKEN_REVIEWS)) {
                return answer(request, TokenReview.class, reviews::review);
            }
            if (path.equals(ACCESS_REVIEWS)) {
                return answer(request, SubjectAccessReview.class, reviews::review);
            }
            if (path.equals(RULES_REVIEWS)) {
                return answer(request, SelfSubjectRulesReview.class, ReviewingDispatcher::everything);
            }
        }
        return super.dispatch(request);
    }

    /** {@code request} answered: every verb on every resource of every group, the mock checks no rights. */
    private static SelfSubjectRulesReview everything(SelfSubjectRulesReview request) {
        request.setStatus(new SubjectRulesReviewStatusBuilder().withIncomplete(false)
                .withResourceRules(new ResourceRuleBuilder().withApiGroups("*").withResources("*").withVerbs("*")
                        .build())
                .build());
        return request;
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
