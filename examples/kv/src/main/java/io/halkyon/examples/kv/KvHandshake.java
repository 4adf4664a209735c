package io.halkyon.examples.kv;

/**
 * What the KV and counter plugins and their hosts agree on, as go-plugin's examples do
 * ({@code shared.Handshake} in go/shared): the magic cookie and the plugin set names.
 */
public final class KvHandshake {

    /** go-plugin's examples' magic cookie: not a secret, just "this was launched by a host". */
    public static final String COOKIE_KEY = "BASIC_PLUGIN";
    public static final String COOKIE_VALUE = "hello";
    /** The KV plugin's kind, in app protocol versions 1 and 2 (the same service). */
    public static final String KV_KIND = "kv_grpc";
    /** The counter plugin's kind, in app protocol version 1. */
    public static final String COUNTER_KIND = "counter";

    private KvHandshake() {
    }
}
