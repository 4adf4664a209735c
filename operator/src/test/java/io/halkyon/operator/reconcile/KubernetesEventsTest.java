package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Events written against an API server (fabric8's mock, CRUD mode), one that refuses some. */
class KubernetesEventsTest {

    private static final String EVENTS = "/api/v1/namespaces/apps/events";

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(KubernetesEvents.class);
    private final Capability owner = Capability.of("db", "apps", new CapabilitySpec("database", "postgres", "", null));
    private KubernetesMockServer server;
    private KubernetesClient client;
    private KubernetesEvents events;

    @BeforeEach
    void start() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init();
        client = server.createClient();
        owner.getMetadata().setUid("0000-1111");
        events = new KubernetesEvents(client);
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        events.close();
        logger.detachAppender(logs);
        client.close();
        server.destroy();
    }

    private List<Event> written() {
        return client.v1().events().inNamespace("apps").list().getItems().stream()
                .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName())).toList();
    }

    @Test
    void anEventNamesItsCapabilityAsKubectlDescribeFindsIt() {
        events.record(owner, CapabilityEvent.normal("PluginSelected", "plugin 'pg' serves database/postgres"));
        events.record(owner, CapabilityEvent.warning("Refused", "bad\nobject"));
        events.flush(Duration.ofSeconds(10));

        List<Event> written = written();
        assertThat(written).extracting(Event::getReason).containsExactly("PluginSelected", "Refused");
        Event first = written.get(0);
        assertThat(first.getMetadata().getName()).startsWith("db.");
        assertThat(first.getInvolvedObject().getApiVersion()).isEqualTo("halkyon.io/v1beta1");
        assertThat(first.getInvolvedObject().getKind()).isEqualTo("Capability");
        assertThat(first.getInvolvedObject().getName()).isEqualTo("db");
        assertThat(first.getInvolvedObject().getNamespace()).isEqualTo("apps");
        assertThat(first.getInvolvedObject().getUid()).isEqualTo("0000-1111");
        assertThat(first.getType()).isEqualTo("Normal");
        assertThat(first.getSource().getComponent()).isEqualTo(KubernetesEvents.COMPONENT);
        assertThat(first.getCount()).isEqualTo(1);
        assertThat(first.getFirstTimestamp()).isNotBlank().isEqualTo(first.getLastTimestamp());
        assertThat(written.get(1).getType()).isEqualTo("Warning");
        assertThat(written.get(1).getMessage()).isEqualTo("bad object");
    }

    @Test
    void failuresToWriteAreLoggedOnceAtWarnNeverThrownAndTheNextEventIsWritten() {
        server.expect().post().withPath(EVENTS).andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403)
                .withReason("Forbidden").withMessage("events is forbidden").build()).times(3);

        for (int i = 0; i < 4; i++) {
            events.record(owner, CapabilityEvent.normal("Created", "created Secret apps/s" + i));
        }
        events.flush(Duration.ofSeconds(10));

        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .startsWith("Capability apps/db: cannot write Event Created (created Secret apps/s0)")
                .contains("events is forbidden");
        assertThat(written()).extracting(Event::getMessage).containsExactly("created Secret apps/s3");
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("Capability apps/db: Events are written again");
    }
}
