/**
 * {@code run --embedded-cluster}: the operator against fabric8's mock API server in CRUD mode,
 * inside the JVM ({@link io.halkyon.operator.demo.EmbeddedCluster}), with readable output
 * ({@link io.halkyon.operator.demo.DemoPrinter}) and, since that server has no kubelet, an optional
 * stand-in marking workloads ready ({@link io.halkyon.operator.demo.WorkloadReadyMarker}).
 */
package io.halkyon.operator.demo;
