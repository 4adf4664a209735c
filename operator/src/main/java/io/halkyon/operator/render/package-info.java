/**
 * {@code render}: the objects a Capability would produce, prepared as the operator would create
 * them, without a cluster ({@link io.halkyon.operator.render.Renderer}), and reading Capability
 * manifests ({@link io.halkyon.operator.render.CapabilityFiles}).
 */
package io.halkyon.operator.render;
