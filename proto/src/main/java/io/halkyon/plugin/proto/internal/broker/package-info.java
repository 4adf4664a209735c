/**
 * go-plugin's GRPCBroker, both sides: {@link io.halkyon.plugin.proto.internal.broker.Broker}.
 *
 * <p>Shared by the host and the SDK; not API, may change without notice.
 */
package io.halkyon.plugin.proto.internal.broker;
