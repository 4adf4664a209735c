package io.halkyon.plugin.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.host.PluginClient;
import io.halkyon.plugin.host.PluginState;
import io.halkyon.plugin.test.widget.WidgetResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

/** The harness against the widget plugin served in this JVM: what it asks and how it fails. */
class PluginHarnessTest {

    @RegisterExtension
    static final PluginHarness plugin = PluginHarness.inJvm(new WidgetResource());

    private static Capability widget(String version, String... parameters) {
        TestCapability builder = plugin.capability().name("shop-widget").namespace("shop").version(version);
        for (int i = 0; i < parameters.length; i += 2) {
            builder.parameter(parameters[i], parameters[i + 1]);
        }
        return builder.build();
    }

    @Test
    void theHostsViewComesFromGetInfoOverTheSocket() {
        assertThat(plugin.plugin().name()).isEqualTo("widget-plugin");
        assertThat(plugin.plugin().category()).isEqualTo("test");
        assertThat(plugin.plugin().types()).containsExactly(TypeInfo.of("widget", "1", "2"));
        assertThat(plugin.client().state()).isEqualTo(PluginState.RUNNING);
        assertThat(plugin.client().pid()).as("served in this JVM").isEmpty();
        assertThat(plugin.capability().build().getSpec().getType()).isEqualTo("widget");
    }

    @Test
    void renderGivesTheDependentsInOrderWithTheirConfigsAndBuiltObjects() {
        RenderedCapability rendered = plugin.render(widget("1", "size", "large"));

        assertThat(rendered.keys()).containsExactly(new DependentKey("", "v1", "ConfigMap", "shop-widget-config"),
                new DependentKey("apps", "v1", "Deployment", "shop-widget"),
                new DependentKey("", "v1", "Secret", "shop-widget-external"));
        RenderedDependent deployment = rendered.dependent("Deployment", "shop-widget");
        assertThat(deployment.config().updated()).isTrue();
        assertThat(deployment.as(Deployment.class).getSpec().getReplicas()).isEqualTo(1);
        deployment.assertField("spec.template.spec.containers[0].image", "widget:1")
                .assertField("spec.replicas", 1)
                .assertNoField("metadata.namespace");
        rendered.dependent("ConfigMap", "shop-widget-config")
                .assertField("metadata.labels[\"app.kubernetes.io/name\"]", "widget")
                .assertField("data.size", "large");
        assertThat(rendered.dependent("Secret", "shop-widget-external").isBuilt())
                .as("not created by the operator, so never built").isFalse();
    }

    @Test
    void aFieldThatDiffersNamesTheDependentTheFieldAndBothValues() {
        RenderedDependent deployment = plugin.render(widget("2")).dependent("Deployment", "shop-widget");

        assertThatThrownBy(() -> deployment.assertField("spec.template.spec.containers[0].image", "widget:1"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("dependent apps/v1 Deployment shop-widget: spec.template.spec.containers[0].image:"
                        + " expected \"widget:1\" but was \"widget:2\"");
        assertThatThrownBy(() -> deployment.assertField("spec.replicas", "1"))
                .hasMessage("dependent apps/v1 Deployment shop-widget: spec.replicas: expected \"1\" but was 1");
        assertThatThrownBy(() -> deployment.assertField("spec.paused", true))
                .hasMessage("dependent apps/v1 Deployment shop-widget: spec.paused: expected true but was absent");
        assertThatThrownBy(() -> deployment.assertNoField("spec.replicas"))
                .hasMessage("dependent apps/v1 Deployment shop-widget: spec.replicas: expected absent but was 1");
        assertThatThrownBy(() -> deployment.assertField("spec.template.spec.containers[0]",
                Map.of("name", "widget", "image", "widget:3")))
                .hasMessage("dependent apps/v1 Deployment shop-widget: spec.template.spec.containers[0].image:"
                        + " expected \"widget:3\" but was \"widget:2\"");
    }

    @Test
    void aWholeObjectComparisonListsEveryDifferingField() {
        RenderedDependent deployment = plugin.render(widget("2")).dependent("Deployment", "shop-widget");
        deployment.assertMatches(deployment.yaml());

        String expected = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: shop-widget
                spec:
                  replicas: 2
                  template:
                    spec:
                      containers:
                      - name: widget
                        image: widget:1
                """;
        assertThatThrownBy(() -> deployment.assertMatches(expected))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("dependent apps/v1 Deployment shop-widget: 2 fields differ"
                        + "\n  dependent apps/v1 Deployment shop-widget: spec.replicas: expected 2 but was 1"
                        + "\n  dependent apps/v1 Deployment shop-widget: spec.template.spec.containers[0].image:"
                        + " expected \"widget:1\" but was \"widget:2\"")
                .satisfies(e -> assertThat(((AssertionFailedError) e).getActual().getStringRepresentation())
                        .contains("widget:2"));
    }

    @Test
    void updateDecisionsAgainstGivenLiveObjects() {
        Deployment live = plugin.render(widget("1")).dependent("Deployment", "shop-widget").as(Deployment.class);
        live.getSpec().setReplicas(3);
        RenderedDependent deployment = plugin.render(widget("2")).dependent("Deployment", "shop-widget");

        deployment.assertUpdates(live)
                .assertField("spec.template.spec.containers[0].image", "widget:2")
                .assertField("spec.replicas", 3);
        deployment.assertLeavesUnchanged(deployment.object());
        assertThatThrownBy(() -> deployment.assertUpdates(deployment.object()))
                .hasMessage("dependent apps/v1 Deployment shop-widget: Update: expected a change of the live object but"
                        + " the plugin answered unchanged");
        assertThatThrownBy(() -> deployment.assertLeavesUnchanged(live))
                .hasMessageStartingWith("dependent apps/v1 Deployment shop-widget (Update: expected the live object"
                        + " unchanged, the plugin changes it): spec.template.spec.containers[0].image: expected"
                        + " \"widget:1\" but was \"widget:2\"");
    }

    @Test
    void conditionsAgainstGivenLiveObjects() {
        RenderedDependent deployment = plugin.render(widget("2")).dependent("Deployment", "shop-widget");
        Deployment live = deployment.as(Deployment.class);

        assertThat(deployment.assertCondition(live, DependentCondition.PENDING).getMessage())
                .isEqualTo("0/1 replicas ready");
        live.setStatus(new DeploymentStatusBuilder().withReadyReplicas(1).build());
        assertThat(deployment.condition(live).isReady()).isTrue();
        assertThatThrownBy(() -> deployment.assertCondition(live, DependentCondition.PENDING))
                .hasMessage("dependent apps/v1 Deployment shop-widget: GetCondition: type: expected \"Pending\" but was"
                        + " \"Ready\" (reason \"Ready\", message \"1/1 replicas ready\")");
    }

    @Test
    void anInvalidCapabilityIsReportedAndNotRendered() {
        assertThat(plugin.checkValidity(widget("7"))).containsExactly("version '7' is not offered: 1, 2");
        assertThatThrownBy(() -> plugin.render(widget("7")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("plugin 'widget-plugin' finds Capability shop/shop-widget invalid, so the operator would"
                        + " create nothing: version '7' is not offered: 1, 2");
    }

    @Test
    void objectsTheOperatorWouldRefuseFailTheRender() {
        assertThatThrownBy(() -> plugin.render(widget("1", "break", "namespace")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("plugin 'widget-plugin', dependent v1 ConfigMap shop-widget-config of Capability"
                        + " shop/shop-widget: Build: metadata.namespace: expected \"shop\" (the Capability's) or absent"
                        + " but was \"elsewhere\": the operator writes a plugin's objects only in the Capability's"
                        + " namespace");
        assertThatThrownBy(() -> plugin.render(widget("1", "break", "name")))
                .hasMessageContaining("dependent v1 ConfigMap shop-widget-config of Capability shop/shop-widget: Build:"
                        + " the object is a v1 ConfigMap other, not the declared v1 ConfigMap shop-widget-config");
    }

    @Test
    void anUnknownDependentAndAnUnbuiltOneSayWhy() {
        RenderedCapability rendered = plugin.render(widget("1"));

        assertThatThrownBy(() -> rendered.dependent("Service", "shop-widget"))
                .hasMessage("Capability shop/shop-widget: expected one dependent Service shop-widget but found 0; the"
                        + " dependents are [v1 ConfigMap shop-widget-config, apps/v1 Deployment shop-widget,"
                        + " v1 Secret shop-widget-external]");
        assertThatThrownBy(() -> rendered.dependent("Secret", "shop-widget-external").assertField("type", "Opaque"))
                .hasMessageStartingWith("dependent v1 Secret shop-widget-external is not built");
    }

    @Test
    void pluginErrorsComeBackAsTheHostsExceptions() {
        RenderedCapability rendered = plugin.render(widget("1"));

        assertThatThrownBy(() -> rendered.dependent("Deployment", "shop-widget")
                .update(rendered.dependent("ConfigMap", "shop-widget-config").object()))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("plugin 'widget-plugin'")
                .hasMessageContaining("cannot be cast");
    }

    @Test
    void aHarnessStartedByHandStopsItsServer() {
        PluginHarness own = PluginHarness.inJvm(new WidgetResource()).start();
        PluginClient client = own.client();
        assertThat(own.render(widget("1")).dependents()).hasSize(3);

        own.close();
        own.close();

        assertThat(client.state()).isEqualTo(PluginState.STOPPED);
        assertThatThrownBy(own::plugin).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
        assertThat(List.of(plugin.plugin().name())).as("the class's own plugin is untouched").containsExactly("widget-plugin");
    }
}
