/**
 * gRPC extras for plugin authors and operator developers, usable on both sides of a
 * plugin connection.
 *
 * <p>{@link io.halkyon.plugin.grpc.PluginBroker} is go-plugin's {@code GRPCBroker}: it
 * opens further gRPC connections between the host and a plugin on demand, e.g. so a
 * plugin can call back into a service the host serves for the duration of one call.
 * It speaks go-plugin 1.0.1's {@code plugin.GRPCBroker} wire protocol, so it pairs with a
 * Go plugin or a Go host built with go-plugin as well as with this project's own.
 */
package io.halkyon.plugin.grpc;
