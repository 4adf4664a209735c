/**
 * The one mapping between the Capability messages and the plugin-api records, and Kubernetes JSON on the wire.
 *
 * <p>Shared by the host and the SDK; not API, may change without notice.
 */
package io.halkyon.plugin.proto.internal.capability;
