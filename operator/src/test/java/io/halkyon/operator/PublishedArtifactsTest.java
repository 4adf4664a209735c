package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * What the build publishes to Maven Central (docs/releasing.md), read from the reactor's poms: the
 * BOM lists exactly the published modules one depends on (not the archetype, which is run, never
 * a dependency); each published jar comes with sources and javadoc;
 * every module says what it is; and the BOM, which has no parent, repeats the parent's metadata
 * and release profile unchanged.
 */
class PublishedArtifactsTest {

    private static final Path ROOT = Path.of("..");

    /** One pom, queried with XPath (the poms' default namespace is ignored: not namespace-aware). */
    private record Pom(String dir, Document document) {

        static Pom read(String dir) throws Exception {
            Path file = ROOT.resolve(dir).resolve("pom.xml");
            return new Pom(dir, DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()));
        }

        List<String> all(String xpath) throws XPathExpressionException {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath()
                    .evaluate(xpath, document, XPathConstants.NODESET);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                texts.add(nodes.item(i).getTextContent().replaceAll("\\s+", " ").strip());
            }
            return texts;
        }

        String text(String xpath) throws XPathExpressionException {
            List<String> texts = all(xpath);
            return texts.isEmpty() ? "" : texts.get(0);
        }

        boolean published() throws XPathExpressionException {
            return !"true".equals(text("/project/properties/halkyon.publish.skip"));
        }

        String artifactId() throws XPathExpressionException {
            return text("/project/artifactId");
        }

        /** A project template (mvn archetype:generate), not a library. */
        boolean archetype() throws XPathExpressionException {
            return text("/project/packaging").equals("maven-archetype");
        }
    }

    private static List<Pom> modules() throws Exception {
        List<Pom> modules = new ArrayList<>();
        for (String dir : Pom.read(".").all("/project/modules/module")) {
            if (!dir.equals("bom")) {
                modules.add(Pom.read(dir));
            }
        }
        return modules;
    }

    @Test
    void theBomListsExactlyThePublishedModulesAtTheProjectVersion() throws Exception {
        List<String> published = new ArrayList<>();
        List<String> dependencies = new ArrayList<>();
        for (Pom module : modules()) {
            if (module.published()) {
                published.add(module.artifactId());
                if (!module.archetype()) {
                    dependencies.add(module.artifactId());
                }
            }
        }
        Pom bom = Pom.read("bom");

        assertThat(published).as("modules whose halkyon.publish.skip is not true")
                .containsExactlyInAnyOrder("halkyon-proto", "halkyon-plugin-api", "halkyon-plugin-sdk",
                        "halkyon-plugin-sdk-logging", "halkyon-plugin-host", "halkyon-plugin-sdk-test",
                        "halkyon-plugin-archetype");
        assertThat(bom.all("/project/dependencyManagement/dependencies/dependency/artifactId"))
                .as("bom/pom.xml lists every published module but the archetype, and nothing else")
                .containsExactlyInAnyOrderElementsOf(dependencies);
        assertThat(bom.all("/project/dependencyManagement/dependencies/dependency/groupId")).containsOnly("io.halkyon");
        assertThat(bom.all("/project/dependencyManagement/dependencies/dependency/version"))
                .containsOnly("${project.version}");
        assertThat(bom.all("//dependency/scope")).as("no imports: only this project's artifacts").isEmpty();
        assertThat(bom.all("/project/parent")).as("a parent's dependencyManagement would leak into importers")
                .isEmpty();
    }

    @Test
    void everyPublishedJarComesWithSourcesAndJavadoc() throws Exception {
        for (Pom module : modules()) {
            if (module.published() && module.text("/project/packaging").matches("|jar")) {
                assertThat(module.text("/project/properties/halkyon.apidocs.skip"))
                        .as("%s/pom.xml: halkyon.apidocs.skip (Maven Central requires sources and javadoc jars)",
                                module.dir())
                        .isEqualTo("false");
            }
            if (module.published() && module.archetype()) {
                assertThat(module.text("/project/properties/maven.source.skip"))
                        .as("%s/pom.xml: maven.source.skip (the sources jar holds the template)", module.dir())
                        .isEqualTo("false");
                assertThat(module.all("/project/build/plugins/plugin[artifactId='maven-jar-plugin']"
                        + "/executions/execution/configuration/classifier"))
                        .as("%s/pom.xml: a javadoc jar (a placeholder: no Java to document)", module.dir())
                        .contains("javadoc");
            }
        }
    }

    @Test
    void everyModuleHasANameAndADescription() throws Exception {
        List<Pom> all = new ArrayList<>(modules());
        all.add(Pom.read("."));
        all.add(Pom.read("bom"));
        for (Pom pom : all) {
            assertThat(pom.text("/project/name")).as("%s/pom.xml: name", pom.dir()).isNotBlank();
            assertThat(pom.text("/project/description")).as("%s/pom.xml: description", pom.dir()).isNotBlank();
        }
    }

    @Test
    void theBomRepeatsTheParentsMetadataAndReleaseProfile() throws Exception {
        Pom parent = Pom.read(".");
        Pom bom = Pom.read("bom");
        for (String element : List.of("groupId", "version", "url", "inceptionYear", "organization", "licenses",
                "developers", "scm", "issueManagement")) {
            assertThat(bom.text("/project/" + element)).as("bom/pom.xml %s, as in pom.xml", element)
                    .isNotBlank()
                    .isEqualTo(parent.text("/project/" + element));
        }
        String plugins = "/project/profiles/profile[id='release']/build/plugins/plugin";
        assertThat(bom.all(plugins + "/artifactId")).as("release plugins")
                .isNotEmpty()
                .isEqualTo(parent.all(plugins + "/artifactId"));
        assertThat(bom.all(plugins + "/version")).as("release plugin versions").isEqualTo(parent.all(plugins + "/version"));
    }
}
