package io.halkyon.examples.remotepostgres;

import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.sdk.remote.RemotePluginConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The environment of {@link RemotePostgresPlugin} turned into a {@link RemotePluginConfig}; the
 * variables and their defaults are listed there.
 */
final class PluginSettings {

    static final String ADDRESS = "HALKYON_OPERATOR_ADDRESS";
    static final String TOKEN_FILE = "HALKYON_TOKEN_FILE";
    static final String CA_FILE = "HALKYON_CA_FILE";
    static final String PLUGIN_NAME = "HALKYON_PLUGIN_NAME";
    /** Every variable read, in the order of the documentation. */
    static final List<String> VARIABLES = List.of(ADDRESS, TOKEN_FILE, CA_FILE, PLUGIN_NAME);
    static final String DEFAULT_NAME = "postgres";

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.[0-9]{1,3}){3}");

    private PluginSettings() {
    }

    /**
     * @throws IllegalArgumentException one sentence naming the variable and what was expected
     */
    static RemotePluginConfig config(Map<String, String> env, PluginResource resource) {
        String address = value(env, ADDRESS);
        if (address == null) {
            throw new IllegalArgumentException(ADDRESS + " is required: the operator's plugin server, host:port"
                    + " (halkyon-operator-plugins.halkyon.svc:9443) or unix:/path");
        }
        RemotePluginConfig.Builder builder = RemotePluginConfig.builder().version(resource.version());
        set(ADDRESS, () -> builder.target(address));
        String name = value(env, PLUGIN_NAME);
        set(PLUGIN_NAME, () -> builder.name(name == null ? DEFAULT_NAME : name));
        String token = value(env, TOKEN_FILE);
        if (token != null) {
            builder.tokenFile(Path.of(token));
        }
        String ca = value(env, CA_FILE);
        if (ca != null) {
            builder.tls(Path.of(ca));
        } else if (isLocal(address)) {
            builder.plaintext();
        } else {
            builder.tlsSystemTrust();
        }
        return builder.capability(resource).build();
    }

    /**
     * Whether {@code address} stays on this machine: a unix socket, {@code localhost} or a
     * loopback address. Only such an address gets plaintext without {@value #CA_FILE}.
     */
    static boolean isLocal(String address) {
        if (address.startsWith("unix:")) {
            return true;
        }
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equalsIgnoreCase("localhost") || LOOPBACK_V4.matcher(host).matches() || host.equals("::1");
    }

    /** The variable's value, trimmed; null when unset or blank (as an empty value in a pod spec). */
    private static String value(Map<String, String> env, String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static void set(String variable, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + ": " + e.getMessage(), e);
        }
    }
}
