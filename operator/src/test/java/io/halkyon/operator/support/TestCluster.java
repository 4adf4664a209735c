package io.halkyon.operator.support;

import io.halkyon.operator.crd.CrdManifests;
import io.halkyon.operator.embedded.EmbeddedCluster;
import io.halkyon.operator.remote.KubernetesAccess;

/** The API server the tests run against: the embedded cluster as the demo jar starts it. */
public final class TestCluster {

    private TestCluster() {
    }

    /**
     * An {@link EmbeddedCluster} with the operator's CRDs, whose demo ServiceAccount may register
     * any remote plugin (what {@link KubernetesAccess} asks about).
     */
    public static EmbeddedCluster start() {
        return EmbeddedCluster.start(CrdManifests::install, new EmbeddedCluster.Permission(KubernetesAccess.VERB,
                KubernetesAccess.GROUP, KubernetesAccess.RESOURCE));
    }
}
