/**
 * How an admin watches the operator: {@code /healthz}, {@code /readyz} and {@code /metrics}
 * (Prometheus text, through Micrometer) on the address of {@code --metrics-address}. The metrics
 * are JOSDK's (the reconciler), the JVM's and the plugins': call latency by method and outcome,
 * calls in flight, state, restarts, and fetching. Every metric, probe and flag is documented in
 * docs/admin-guide.md, "Probes and metrics".
 */
package io.halkyon.operator.observe;
