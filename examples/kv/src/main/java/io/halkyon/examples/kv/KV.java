package io.halkyon.examples.kv;

/**
 * go-plugin's KV example interface, as the host's code sees it: plain Java, no gRPC types, so
 * callers do not care whether the store is a Java or a Go plugin. Errors are
 * {@link io.halkyon.plugin.api.PluginException}s naming the plugin.
 */
public interface KV {

    /**
     * The value stored under {@code key}.
     *
     * @throws io.halkyon.plugin.api.PluginException when there is none (the plugin answers
     *         {@code NOT_FOUND} "no value for key 'K'") or the call fails
     */
    byte[] get(String key);

    /** Stores {@code value} under {@code key}, replacing any previous value. */
    void put(String key, byte[] value);
}
