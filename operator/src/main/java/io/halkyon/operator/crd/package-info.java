/**
 * The operator's own custom resource, {@link io.halkyon.operator.crd.CapabilityInfo}
 * (cluster-scoped, what the loaded plugins offer), and {@link io.halkyon.operator.crd.CrdManifests},
 * the CRD YAML generated at build time from it and from {@code Capability}
 * ({@code META-INF/fabric8/*.yml} in the jar).
 */
package io.halkyon.operator.crd;
