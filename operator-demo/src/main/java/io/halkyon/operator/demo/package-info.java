/**
 * The demo jar, {@code halkyon-operator-demo.jar} ({@link io.halkyon.operator.demo.HalkyonOperatorDemo}):
 * the operator's command line with {@code run --embedded-cluster}
 * ({@link io.halkyon.operator.demo.EmbeddedClusterTarget}): the operator against fabric8's mock API
 * server in CRUD mode, inside the JVM ({@link io.halkyon.operator.embedded.EmbeddedCluster}), with
 * readable output ({@link io.halkyon.operator.demo.DemoPrinter}) and, since that server has no
 * kubelet, an optional stand-in marking workloads ready
 * ({@link io.halkyon.operator.embedded.WorkloadReadyMarker}). The embedded server answers
 * TokenReviews and SubjectAccessReviews for one demo ServiceAccount, so remote plugins can be tried
 * against it ({@link io.halkyon.operator.embedded.EmbeddedCluster#demoPluginToken()}). None of it
 * is in the production jar.
 */
package io.halkyon.operator.demo;
