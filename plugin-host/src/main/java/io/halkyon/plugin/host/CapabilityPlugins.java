package io.halkyon.plugin.host;

import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.host.internal.GrpcPlugin;
import java.util.Map;

/**
 * Halkyon's Capability plugins as one plugin set of the generic host: the kind
 * {@value #KIND} of app protocol version {@value PluginProtocol#APP_PROTOCOL_VERSION} makes a
 * {@link Plugin} over {@code halkyon.capability.v1.CapabilityPlugin}. Dispensing it asks the
 * plugin's GetInfo (name, version, category, types; with the call timeout) and refuses, with a
 * {@link io.halkyon.plugin.api.PluginException} naming the plugin, the field and what was
 * expected, an answer out of bounds: a category or type that could not name a
 * {@code CapabilityInfo} object, no types, too many types or versions (the bounds are listed in
 * docs/protocol.md, section 7). Every other {@link Plugin} method is a remote call.
 *
 * <p>{@link PluginClientConfig}'s defaults (cookie, versions, plugin sets) are this set's, so
 * {@code CapabilityPlugins.dispense(PluginClient.start(config))} is all a Capability host needs.
 */
public final class CapabilityPlugins {

    /** The kind's name in the plugin set. */
    public static final String KIND = "capability";

    private static final PluginKind<Plugin> CAPABILITY = GrpcPlugin::dispense;
    private static final Map<Integer, Map<String, PluginKind<?>>> SETS =
            Map.of(PluginProtocol.APP_PROTOCOL_VERSION, Map.of(KIND, CAPABILITY));

    private CapabilityPlugins() {
    }

    /** The Capability kind. */
    public static PluginKind<Plugin> kind() {
        return CAPABILITY;
    }

    /** {@code {1: {"capability": kind()}}}. */
    public static Map<Integer, Map<String, PluginKind<?>>> pluginSets() {
        return SETS;
    }

    /** {@code client.dispense(KIND, Plugin.class)}. */
    public static Plugin dispense(PluginClient client) {
        return client.dispense(KIND, Plugin.class);
    }
}
