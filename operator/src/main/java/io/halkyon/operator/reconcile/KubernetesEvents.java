package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilityStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events on Capabilities, which {@code kubectl describe capability} shows: each
 * object created or updated ({@code Created}, {@code Updated}) and what {@link StatusTransitions}
 * finds in each status change. Events are written by one background thread, so a slow or
 * failing API server never holds a reconciliation; at most {@value #QUEUE} wait, more are
 * dropped. A failure to write one is logged at WARN once, then at DEBUG until one is written
 * again; it never fails a reconciliation. {@link #close()} writes what is queued (for up to 5 s).
 */
final class KubernetesEvents implements OperatorEvents, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubernetesEvents.class);
    /** {@code source.component} and {@code reportingComponent} of the Events. */
    static final String COMPONENT = "halkyon-operator";
    static final String CREATED = "Created";
    static final String UPDATED = "Updated";
    private static final int QUEUE = 1000;
    /** An Event is named after its Capability, cut to leave room for the unique suffix. */
    private static final int MAX_NAME_PREFIX = 200;

    private final KubernetesClient client;
    private final ThreadPoolExecutor writer;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean dropping = new AtomicBoolean();
    private final AtomicLong lastSuffix = new AtomicLong();

    KubernetesEvents(KubernetesClient client) {
        this.client = client;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread thread = new Thread(r, "halkyon-events");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void created(Capability owner, HasMetadata object) {
        record(owner, CapabilityEvent.normal(CREATED, "created " + describe(object)));
    }

    @Override
    public void updated(Capability owner, HasMetadata object) {
        record(owner, CapabilityEvent.normal(UPDATED, "updated " + describe(object) + " (its plugin said it changed)"));
    }

    @Override
    public void statusChanged(Capability owner, CapabilityStatus before, CapabilityStatus after) {
        StatusTransitions.of(owner, before, after).forEach(event -> record(owner, event));
    }

    /** Queues {@code event} on {@code owner}; dropped (logged once) when the queue is full. */
    void record(Capability owner, CapabilityEvent event) {
        Event toWrite = build(owner, event);
        try {
            writer.execute(() -> write(toWrite));
            dropping.set(false);
        } catch (RejectedExecutionException e) {
            if (dropping.compareAndSet(false, true)) {
                log.warn("Capability {}: dropping Events ({} waiting to be written, or stopping): {} {}",
                        name(owner), QUEUE, event.reason(), event.message());
            }
        }
    }

    private Event build(Capability owner, CapabilityEvent event) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String base = owner.getMetadata().getName();
        base = base.length() > MAX_NAME_PREFIX ? base.substring(0, MAX_NAME_PREFIX) : base;
        // Unique and increasing, as client-go names Events: the name, a dot, a hexadecimal time.
        long suffix = lastSuffix.accumulateAndGet(System.currentTimeMillis() * 1_000_000L,
                (last, candidate) -> Math.max(last + 1, candidate));
        return new EventBuilder()
                .withNewMetadata().withName(base + "." + Long.toHexString(suffix))
                .withNamespace(owner.getMetadata().getNamespace()).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(Capability.API_VERSION)
                        .withKind("Capability").withName(owner.getMetadata().getName())
                        .withNamespace(owner.getMetadata().getNamespace()).withUid(owner.getMetadata().getUid())
                        .build())
                .withType(event.type()).withReason(event.reason()).withMessage(event.message())
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
    }

    private void write(Event event) {
        String capability = event.getMetadata().getNamespace() + "/" + event.getInvolvedObject().getName();
        try {
            client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
            if (failing.compareAndSet(true, false)) {
                log.info("Capability {}: Events are written again", capability);
            }
        } catch (RuntimeException e) {
            if (failing.compareAndSet(false, true)) {
                log.warn("Capability {}: cannot write Event {} ({}); further failures are logged at DEBUG until one"
                        + " is written; the operator's rights need create on events: {}", capability,
                        event.getReason(), event.getMessage(), e.toString());
            } else {
                log.debug("Capability {}: cannot write Event {}: {}", capability, event.getReason(), e.toString());
            }
        }
    }

    /** Waits until what is queued now is written (or could not be), at most {@code timeout}. */
    void flush(Duration timeout) {
        FutureTask<Void> marker = new FutureTask<>(() -> null);
        try {
            writer.execute(marker);
            marker.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            log.debug("Events not flushed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued, for up to 5 s, then stops. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("stopping with {} Events not written", writer.getQueue().size());
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return object.getKind() + " " + (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
    }

    private static String name(Capability owner) {
        return owner.getMetadata().getNamespace() + "/" + owner.getMetadata().getName();
    }
}
