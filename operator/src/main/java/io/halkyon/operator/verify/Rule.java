package io.halkyon.operator.verify;

/**
 * A rule of the plugin protocol or of the Capability contract that {@code plugins verify} checks.
 *
 * @param id      short and stable, e.g. {@code handshake.cookie}: scripts match on it
 * @param meaning what a plugin must do to pass, in one sentence (docs/conformance.md lists them all)
 */
public record Rule(String id, String meaning) {
}
