/**
 * Who may connect as a remote plugin, decided by the Kubernetes API:
 * {@link io.halkyon.operator.remote.KubernetesAccess} (TokenReview with the operator's audience, then
 * a SubjectAccessReview for verb {@code register} on {@code plugins.halkyon.io}, docs/protocol.md
 * section 14.5) in the namespace {@link io.halkyon.operator.remote.OperatorNamespace} finds.
 */
package io.halkyon.operator.remote;
