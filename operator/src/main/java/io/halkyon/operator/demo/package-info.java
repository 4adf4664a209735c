/**
 * {@code run --embedded-cluster}: the operator against fabric8's mock API server in CRUD mode,
 * inside the JVM ({@link io.halkyon.operator.demo.EmbeddedCluster}), with readable output
 * ({@link io.halkyon.operator.demo.DemoPrinter}) and, since that server has no kubelet, an optional
 * stand-in marking workloads ready ({@link io.halkyon.operator.demo.WorkloadReadyMarker}). The
 * embedded server answers TokenReviews and SubjectAccessReviews for one demo ServiceAccount, so
 * remote plugins can be tried against it ({@link io.halkyon.operator.demo.EmbeddedCluster#demoPluginToken()}).
 */
package io.halkyon.operator.demo;
