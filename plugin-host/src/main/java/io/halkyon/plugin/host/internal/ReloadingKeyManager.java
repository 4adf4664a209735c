package io.halkyon.plugin.host.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server key manager that hands each handshake the pair {@link ServerTlsFiles} serves at that
 * moment, so new connections see rotated files while open ones keep theirs.
 *
 * <p>The engine first chooses an alias, then asks for that alias's chain and key in separate
 * calls; a rotation can fall between them. Each pair therefore gets its own alias, and the one
 * before it stays known: a handshake that straddles a rotation gets a consistent old pair, never
 * the new chain with the old key. (A fresh alias per pair also defeats any per-alias cache in the
 * TLS engine.) Works with both netty's OpenSSL engine and the JDK's, which call the same methods.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {

    private final ServerTlsFiles files;

    ReloadingKeyManager(ServerTlsFiles files) {
        this.files = files;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        ServerTlsFiles.Served served = files.served();
        return fits(keyType, served.pair().key()) ? new String[] {served.alias()} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        TlsKeyPair pair = files.served().lookup(alias);
        return pair == null ? null : pair.chain();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        TlsKeyPair pair = files.served().lookup(alias);
        return pair == null ? null : pair.key();
    }

    /** A server never presents a client certificate. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    /** The start of a handshake: where {@link ServerTlsFiles} looks at its files again. */
    private String choose(String keyType) {
        ServerTlsFiles.Served served = files.checkedServed();
        return fits(keyType, served.pair().key()) ? served.alias() : null;
    }

    /**
     * Whether the engine's key type (JDK: "RSA", "EC", "RSASSA-PSS", "EdDSA"; netty: "RSA", "EC",
     * "EC_EC", "EC_RSA", "DH_RSA") can be served with this key: the part before '_' names the key's
     * algorithm. Answering only for the right type keeps an engine from signing with the wrong key.
     */
    static boolean fits(String keyType, PrivateKey key) {
        if (keyType == null) {
            return true;
        }
        int underscore = keyType.indexOf('_');
        return (underscore < 0 ? keyType : keyType.substring(0, underscore)).equals(key.getAlgorithm());
    }
}
