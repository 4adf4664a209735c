/**
 * A Kubernetes API server inside the JVM ({@link io.halkyon.operator.embedded.EmbeddedCluster}:
 * fabric8's mock server in CRUD mode, answering TokenReviews and SubjectAccessReviews for one demo
 * ServiceAccount) and, since it has no kubelet, a stand-in marking workloads ready
 * ({@link io.halkyon.operator.embedded.WorkloadReadyMarker}). Used by the demo jar
 * ({@code run --embedded-cluster}), the operator's tests and the benchmarks; the production
 * operator jar contains none of it.
 */
package io.halkyon.operator.embedded;
