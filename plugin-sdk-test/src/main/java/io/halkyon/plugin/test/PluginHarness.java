package io.halkyon.plugin.test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginClientConfig;
import io.halkyon.plugin.test.internal.Failures;
import io.halkyon.plugin.test.internal.OperatorRules;
import io.halkyon.plugin.test.internal.Running;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A plugin under test, started as the operator's host starts it, and asked what the operator
 * asks: a JUnit 5 extension, or an {@link AutoCloseable} for use without JUnit.
 *
 * <pre>{@code
 * class PostgresPluginTest {
 *     @RegisterExtension
 *     static final PluginHarness plugin = PluginHarness.executable(Path.of("target/postgres-capability.jar"));
 *     // or, without packaging: PluginHarness.inJvm(new PostgresPluginResource())
 *
 *     @Test
 *     void buildsTheStatefulSetOfTheAskedVersion() {
 *         Capability db = plugin.capability().name("orders-db").namespace("shop").version("15").build();
 *         RenderedCapability rendered = plugin.render(db);
 *         rendered.dependent("StatefulSet", "orders-db")
 *                 .assertField("spec.template.spec.containers[0].image", "postgres:15");
 *         rendered.assertMatchesGolden(Path.of("src/test/golden/orders-db"));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Starting.</b> {@link #executable} and {@link #command} launch a process through the host
 * library ({@code PluginClient}, with {@code PluginClientConfig}'s defaults: a {@code .jar} runs
 * with the host's JVM options, anything else is executed, in any language): cookie, version
 * negotiation, handshake line, health check and GetInfo are exactly the host's, and so are its
 * refusals. {@link #inJvm} serves a {@code PluginResource} in the test's JVM with the SDK's own
 * serving code on a unix socket and connects the host's client to it: no packaging, a debugger
 * works, and the JSON mapping and the SDK's rules still apply. Registered as a static field, the
 * plugin starts once before the class's tests and stops after them; as an instance field, once
 * per test. {@link #start()}/{@link #close()} do the same by hand.
 *
 * <p><b>Stopping</b> kills the plugin as the host does (Shutdown, then signals) and fails the
 * test when the process, or any process it started, is still running afterwards (they are then
 * killed by force), or the in-JVM server has not stopped.
 *
 * <p><b>Asking.</b> {@link #plugin()} is the host's view (name, version, category, types from
 * GetInfo); {@link #checkValidity} is CheckValidity; {@link #render} is what the operator does to
 * create a Capability's objects: CheckValidity, GetDependents, then Build of each dependent it
 * creates, each object checked against the operator's rules that need no cluster (the declared
 * apiVersion, kind and name; the Capability's namespace). Plugin errors are thrown as the host's
 * {@link io.halkyon.plugin.api.PluginException}s; broken rules as assertion failures.
 */
public final class PluginHarness implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, AutoCloseable {

    private final PluginClientConfig config;
    private final PluginResource resource;
    private Running running;
    /** The unique id of the JUnit context that started the plugin: the one whose end stops it. */
    private String startedBy;

    private PluginHarness(PluginClientConfig config, PluginResource resource) {
        this.config = config;
        this.resource = resource;
    }

    /**
     * A plugin file, launched as the host launches it: a {@code .jar} with the host's Java and JVM
     * options, anything else executed (a Go binary, a script...). Named after the file.
     */
    public static PluginHarness executable(Path file) {
        return of(PluginClientConfig.builder().executable(Objects.requireNonNull(file, "file")).build());
    }

    /** A command line, launched as the host launches a plugin (e.g. {@code node plugin.js}). */
    public static PluginHarness command(List<String> command) {
        return of(PluginClientConfig.builder().command(Objects.requireNonNull(command, "command")).build());
    }

    /** A plugin launched with this host configuration (timeouts, environment, AutoMTLS...). */
    public static PluginHarness of(PluginClientConfig config) {
        Objects.requireNonNull(config, "config");
        return new PluginHarness(config, null);
    }

    /** A {@code PluginResource} served in this JVM by the SDK, reached by the host's client over a socket. */
    public static PluginHarness inJvm(PluginResource resource) {
        return new PluginHarness(PluginClientConfig.builder().build(), Objects.requireNonNull(resource, "resource"));
    }

    /**
     * Starts the plugin, when it is not running.
     *
     * @throws io.halkyon.plugin.api.PluginException as the host's start does (handshake, timeout...)
     */
    public synchronized PluginHarness start() {
        if (running == null) {
            running = resource == null ? Running.launch(config) : Running.serve(resource, config);
        }
        return this;
    }

    /**
     * Stops the plugin and checks that it is gone; idempotent.
     *
     * @throws org.opentest4j.AssertionFailedError when something of it was still running
     */
    @Override
    public synchronized void close() {
        if (running == null) {
            return;
        }
        Running stopping = running;
        running = null;
        startedBy = null;
        List<String> left = stopping.stop();
        if (!left.isEmpty()) {
            throw Failures.failure("plugin '" + stopping.client().name() + "' was still running after it was killed: "
                    + left + " (killed by force)");
        }
    }

    /** The host's view of the plugin: name, version, category and types as GetInfo gave them. */
    public Plugin plugin() {
        return running().plugin();
    }

    /** The host's client: pid ({@code pid()} is empty in the JVM), state, recent stderr lines. */
    public PluginClient client() {
        return running().client();
    }

    /** A Capability builder with the plugin's category and its first type already set. */
    public TestCapability capability() {
        Plugin plugin = plugin();
        return TestCapability.builder().category(plugin.category()).type(plugin.types().get(0).type());
    }

    /** CheckValidity: the plugin's problems with the Capability; empty when it is valid. */
    public List<String> checkValidity(Capability capability) {
        return plugin().checkValidity(Objects.requireNonNull(capability, "capability"));
    }

    /**
     * What the operator gets to create the Capability's objects: the dependents in order, each
     * it creates built (see the class comment).
     *
     * @throws org.opentest4j.AssertionFailedError when the plugin finds the Capability invalid, or
     *         an object breaks the operator's rules (the message names the dependent and the rule)
     * @throws io.halkyon.plugin.api.PluginException when a call fails
     */
    public RenderedCapability render(Capability capability) {
        Objects.requireNonNull(capability, "capability");
        Plugin plugin = plugin();
        String owner = "Capability " + capability.getMetadata().getNamespace() + "/" + capability.getMetadata().getName();
        List<String> problems = plugin.checkValidity(capability);
        if (!problems.isEmpty()) {
            throw Failures.failure("plugin '" + plugin.name() + "' finds " + owner + " invalid, so the operator would"
                    + " create nothing: " + String.join("; ", problems));
        }
        List<RenderedDependent> rendered = new ArrayList<>();
        for (DependentResource dependent : plugin.readyFor(capability)) {
            HasMetadata built = null;
            if (dependent.config().created()) {
                built = dependent.build();
                OperatorRules.problem(dependent.key(), built, capability).ifPresent(problem -> {
                    throw Failures.failure("plugin '" + plugin.name() + "', dependent "
                            + OperatorRules.describe(dependent.key()) + " of " + owner + ": Build: " + problem);
                });
            }
            rendered.add(new RenderedDependent(dependent, built, capability));
        }
        return new RenderedCapability(plugin.name(), capability, rendered);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopFor(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopFor(context);
    }

    @Override
    public String toString() {
        Running now = running;
        return "PluginHarness{" + (now == null ? "not running" : now.client()) + '}';
    }

    private synchronized void startFor(ExtensionContext context) {
        if (running == null) {
            start();
            startedBy = context.getUniqueId();
        }
    }

    private synchronized void stopFor(ExtensionContext context) {
        if (running != null && context.getUniqueId().equals(startedBy)) {
            close();
        }
    }

    private synchronized Running running() {
        if (running == null) {
            throw new IllegalStateException("the plugin is not running: register the harness with @RegisterExtension,"
                    + " or call start()");
        }
        return running;
    }
}
