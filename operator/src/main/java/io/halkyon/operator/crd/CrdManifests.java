package io.halkyon.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.halkyon.plugin.api.Capability;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CRDs generated at build time by fabric8's CRD generator from {@code Capability} and
 * {@link CapabilityInfo}, read from the classpath ({@code META-INF/fabric8/*.yml} in the jar).
 * The generator sorts printer columns by JSON path; {@link #load()} puts them back in the order
 * the model class declares them, which is the order {@code kubectl get} shows.
 * {@code operator/deploy/crds/} holds the same CRDs for a real cluster (a test keeps them equal).
 */
public final class CrdManifests {

    /** Classpath resources of the generated CRDs, in install order, with their model classes. */
    private static final Map<String, Class<?>> GENERATED = new LinkedHashMap<>();

    static {
        GENERATED.put("META-INF/fabric8/capabilities.halkyon.io-v1.yml", Capability.class);
        GENERATED.put("META-INF/fabric8/capabilityinfos.halkyon.io-v1.yml", CapabilityInfo.class);
    }

    /** Classpath resources of the generated CRDs, in install order. */
    public static final List<String> RESOURCES = List.copyOf(GENERATED.keySet());

    private CrdManifests() {
    }

    /** The generated CRDs; fails naming the resource when one is missing from the classpath. */
    public static List<CustomResourceDefinition> load() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<CustomResourceDefinition> crds = new ArrayList<>();
        for (String resource : RESOURCES) {
            try (InputStream in = CrdManifests.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("generated CRD " + resource + " is not on the classpath;"
                            + " it is written by the crd-generator-maven-plugin at build time");
                }
                CustomResourceDefinition crd = serialization.unmarshal(in, CustomResourceDefinition.class);
                orderPrinterColumns(crd, GENERATED.get(resource));
                crds.add(crd);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return crds;
    }

    private static void orderPrinterColumns(CustomResourceDefinition crd, Class<?> model) {
        List<String> declared = Arrays.stream(model.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name)
                .toList();
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (version.getAdditionalPrinterColumns() != null) {
                version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(column -> {
                    int index = declared.indexOf(column.getName());
                    return index < 0 ? declared.size() : index;
                }));
            }
        }
    }

    /** Creates or replaces the generated CRDs in the cluster of {@code client}. */
    public static void install(KubernetesClient client) {
        for (CustomResourceDefinition crd : load()) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(r -> r.update());
        }
    }
}
