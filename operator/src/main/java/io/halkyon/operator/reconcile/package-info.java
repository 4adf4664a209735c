/**
 * Reconciling Capabilities through plugins, on the Java Operator SDK.
 *
 * <p>{@link io.halkyon.operator.reconcile.CapabilityOperator#start} runs it over a Kubernetes
 * client and a {@link io.halkyon.operator.reconcile.PluginSource} (usually a
 * {@link io.halkyon.operator.reconcile.ManagedPluginSource} over a plugin-host
 * {@code PluginManager}), configured by {@link io.halkyon.operator.reconcile.OperatorSettings};
 * {@link io.halkyon.operator.reconcile.OperatorEvents} hears what it does. Every object a
 * plugin builds passes the {@link io.halkyon.operator.reconcile.ObjectValidator} before it is
 * written, and a Capability's dependents are written all or nothing. How plugin failures
 * (restarting, crash loop, timeouts, hanging calls, bad answers) reach a Capability's status is
 * described on {@link io.halkyon.operator.reconcile.CapabilityReconciler}.
 */
package io.halkyon.operator.reconcile;
