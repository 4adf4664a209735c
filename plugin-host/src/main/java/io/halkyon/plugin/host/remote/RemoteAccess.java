package io.halkyon.plugin.host.remote;

import io.halkyon.plugin.api.PluginAccessException;
import io.halkyon.plugin.api.PluginAccessException.Reason;
import java.util.Map;

/**
 * Who may connect as a remote plugin: the bearer token of a registration stream is turned into
 * a {@link PeerIdentity}, then that identity is checked against the plugin name it registers.
 * The operator's implementation asks the Kubernetes API (TokenReview with an audience, then a
 * SubjectAccessReview: docs/protocol.md, section 14.5). The server caches answers (see
 * {@link RemotePluginServerConfig#reviewCacheTime()}); implementations need not.
 *
 * <p>Implementations are called from several threads at once, and may block (a review over the
 * network); they are never called on a Netty event loop.
 */
public interface RemoteAccess {

    /**
     * The identity holding {@code token}.
     *
     * @param token the bearer token, never null or empty (a stream without one is refused before)
     * @throws PluginAccessException with {@link Reason#UNAUTHENTICATED} when the token is not valid;
     *         any other exception means the check could not be made (the peer gets
     *         {@code UNAVAILABLE} and tries again later)
     */
    PeerIdentity authenticate(String token);

    /**
     * Returns normally when {@code identity} may register as {@code pluginName}.
     *
     * @throws PluginAccessException with {@link Reason#PERMISSION_DENIED}, naming the identity, the
     *         plugin and the permission it lacks; any other exception means the check could not be
     *         made
     */
    void authorize(PeerIdentity identity, String pluginName);

    /**
     * Fixed tokens, each for one identity that may register any name: for tests and demos. Any
     * other token is refused.
     */
    static RemoteAccess tokens(Map<String, PeerIdentity> identities) {
        Map<String, PeerIdentity> copy = Map.copyOf(identities);
        return new RemoteAccess() {
            @Override
            public PeerIdentity authenticate(String token) {
                PeerIdentity identity = copy.get(token);
                if (identity == null) {
                    throw new PluginAccessException("remote plugin", Reason.UNAUTHENTICATED,
                            "remote plugin refused: the token is not one of the " + copy.size() + " known tokens");
                }
                return identity;
            }

            @Override
            public void authorize(PeerIdentity identity, String pluginName) {
                // every known identity may register every name
            }
        };
    }

    /**
     * Accepts every token and every name, with the identity {@code authenticated-by-proxy}: only for
     * a plaintext server that nothing reaches but a proxy which checked tokens and permissions
     * itself (kube-rbac-proxy, see docs/remote-plugins.md).
     */
    static RemoteAccess trustingProxy() {
        PeerIdentity proxied = PeerIdentity.of("authenticated-by-proxy");
        return new RemoteAccess() {
            @Override
            public PeerIdentity authenticate(String token) {
                return proxied;
            }

            @Override
            public void authorize(PeerIdentity identity, String pluginName) {
                // the proxy authorized the request
            }
        };
    }
}
