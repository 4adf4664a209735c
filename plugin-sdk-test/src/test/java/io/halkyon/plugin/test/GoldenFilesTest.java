package io.halkyon.plugin.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.test.widget.WidgetResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** Golden files: written with the update property, compared without it, masks explicit and reported. */
class GoldenFilesTest {

    @RegisterExtension
    static final PluginHarness plugin = PluginHarness.inJvm(new WidgetResource());

    @TempDir
    Path dir;

    private GoldenFiles golden() {
        return GoldenFiles.in(dir).mask("ConfigMap", "shop-widget-config", "data.token");
    }

    private static RenderedCapability render(String version) {
        Capability widget = plugin.capability().name("shop-widget").namespace("shop").version(version).build();
        return plugin.render(widget);
    }

    private void update(RenderedCapability rendered, GoldenFiles golden) {
        System.setProperty(GoldenFiles.UPDATE_PROPERTY, "true");
        try {
            golden.assertMatches(rendered);
        } finally {
            System.clearProperty(GoldenFiles.UPDATE_PROPERTY);
        }
    }

    @AfterEach
    void noUpdateLeftOn() {
        assertThat(System.getProperty(GoldenFiles.UPDATE_PROPERTY)).isNull();
    }

    private Stream<String> files() throws IOException {
        return Files.list(dir).map(p -> p.getFileName().toString()).sorted();
    }

    @Test
    void updateWritesOneStableFilePerBuiltDependentAndTheyMatchAfterwards() throws IOException {
        update(render("1"), golden());

        assertThat(files()).containsExactly("configmap-shop-widget-config.yaml", "deployment.apps-shop-widget.yaml");
        String deployment = Files.readString(dir.resolve("deployment.apps-shop-widget.yaml"));
        assertThat(deployment).startsWith("# dependent apps/v1 Deployment shop-widget of Capability shop/shop-widget;"
                + " rewrite with -Dhalkyon.golden.update=true\n---\napiVersion: \"apps/v1\"\nkind: \"Deployment\"\n"
                + "metadata:\n  name: \"shop-widget\"\nspec:\n");
        assertThat(Files.readString(dir.resolve("configmap-shop-widget-config.yaml")))
                .contains("token: \"" + GoldenFiles.MASKED + "\"");

        golden().assertMatches(render("1"));
        update(render("1"), golden());
        assertThat(Files.readString(dir.resolve("deployment.apps-shop-widget.yaml"))).as("stable").isEqualTo(deployment);
    }

    @Test
    void aMismatchNamesTheDependentAndTheFieldAndSaysWhatWasMasked() {
        update(render("1"), golden());

        assertThatThrownBy(() -> golden().assertMatches(render("2")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("Capability shop/shop-widget differs from the golden files in " + dir + ":"
                        + "\n  dependent apps/v1 Deployment shop-widget: spec.template.spec.containers[0].image:"
                        + " expected \"widget:1\" but was \"widget:2\""
                        + "\nmasked, not compared: ConfigMap shop-widget-config data.token"
                        + "\nif the change is intended, rerun with -Dhalkyon.golden.update=true and review the files'"
                        + " diff");
    }

    @Test
    void withoutTheMaskAGeneratedValueFails() {
        update(render("1"), golden());

        assertThatThrownBy(() -> GoldenFiles.in(dir).assertMatches(render("1")))
                .hasMessageContaining("dependent v1 ConfigMap shop-widget-config: data.token: expected \""
                        + GoldenFiles.MASKED + "\" but was \"")
                .hasMessageNotContaining("masked, not compared");
    }

    @Test
    void aMaskThatMatchesNothingFails() {
        assertThatThrownBy(() -> golden().mask("ConfigMap", "shop-widget-config", "data.password")
                .assertMatches(render("1")))
                .hasMessage("dependent v1 ConfigMap shop-widget-config: the mask data.password matches no field; fix the"
                        + " path or remove the mask");
        assertThatThrownBy(() -> golden().mask("Secret", "nope", "data.x").assertMatches(render("1")))
                .hasMessageStartingWith("Capability shop/shop-widget: expected one dependent Secret nope but found 0");
        assertThatThrownBy(() -> golden().mask("Secret", "nope", "data..x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data..x");
    }

    @Test
    void missingAndExtraFilesFailAndUpdateDeletesTheExtraOne() throws IOException {
        update(render("1"), golden());
        Files.delete(dir.resolve("configmap-shop-widget-config.yaml"));
        Files.writeString(dir.resolve("service-gone.yaml"), "apiVersion: v1\nkind: Service\n");

        assertThatThrownBy(() -> golden().assertMatches(render("1")))
                .hasMessageContaining("\n  dependent v1 ConfigMap shop-widget-config: no golden file "
                        + dir.resolve("configmap-shop-widget-config.yaml"))
                .hasMessageContaining("\n  golden file " + dir.resolve("service-gone.yaml")
                        + " is no dependent of Capability shop/shop-widget");

        update(render("1"), golden());
        assertThat(files()).containsExactly("configmap-shop-widget-config.yaml", "deployment.apps-shop-widget.yaml");
    }

    @Test
    void fileNamesComeFromKindGroupAndName() {
        assertThat(GoldenFiles.fileName(new DependentKey("apps", "v1", "StatefulSet", "orders-db")))
                .isEqualTo("statefulset.apps-orders-db.yaml");
        assertThat(GoldenFiles.fileName(new DependentKey("", "v1", "Secret", "orders-db-config")))
                .isEqualTo("secret-orders-db-config.yaml");
        assertThat(GoldenFiles.fileName(new DependentKey("", "v1", "Secret", "../x")))
                .isEqualTo("secret-.._x.yaml");
    }
}
