package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate chain and the private key of its first certificate, read from two PEM files and
 * checked to belong together: a key that does not match is exactly what a half-done rotation
 * (new certificate, old key) looks like, and serving it would fail every handshake.
 */
final class TlsKeyPair {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private TlsKeyPair(List<X509Certificate> chain, PrivateKey key) {
        this.chain = chain;
        this.key = key;
    }

    /**
     * @throws PluginException naming the file at fault: missing, unreadable, empty, over
     *         {@link PemFiles#MAX_BYTES}, not the expected PEM, or a key that is not the certificate's
     */
    static TlsKeyPair read(Path certFile, Path keyFile) {
        List<X509Certificate> chain = PemFiles.readChain(certFile);
        PrivateKey key = PemFiles.readKey(keyFile);
        X509Certificate leaf = chain.get(0);
        String signature = signatureFor(key);
        if (signature == null) {
            throw PemFiles.bad(keyFile, PemFiles.KEY_FILE, "an RSA or EC private key",
                    "it holds a " + key.getAlgorithm() + " key", null);
        }
        if (!matches(key, leaf, signature)) {
            throw PemFiles.bad(keyFile, PemFiles.KEY_FILE, "the private key of the first certificate in "
                    + certFile + " (" + describe(leaf) + ")", "it holds a " + key.getAlgorithm()
                    + " key that does not match that certificate's public key", null);
        }
        return new TlsKeyPair(chain, key);
    }

    /** The server's own certificate. */
    X509Certificate leaf() {
        return chain.get(0);
    }

    X509Certificate[] chain() {
        return chain.toArray(X509Certificate[]::new);
    }

    PrivateKey key() {
        return key;
    }

    /** Same chain and key: nothing new to serve. */
    boolean sameAs(TlsKeyPair other) {
        return other != null && chain.equals(other.chain) && key.equals(other.key);
    }

    /** Subject, serial (hex) and notAfter: what the logs and errors say about a certificate. */
    static String describe(X509Certificate certificate) {
        return "subject '" + certificate.getSubjectX500Principal().getName() + "', serial "
                + certificate.getSerialNumber().toString(16) + ", valid until "
                + certificate.getNotAfter().toInstant();
    }

    /**
     * The signature the match test uses; null for a key type this server cannot serve. EdDSA is
     * refused: netty's OpenSSL engine (grpc's default) fails every handshake with such a key.
     */
    private static String signatureFor(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null;
        };
    }

    /**
     * Signs a random challenge with the key and verifies it with the certificate's public key:
     * one test for every key type, with no per-algorithm arithmetic.
     */
    private static boolean matches(PrivateKey key, X509Certificate certificate, String signature) {
        try {
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature signer = Signature.getInstance(signature);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signed = signer.sign();
            Signature verifier = Signature.getInstance(signature);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signed);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a public key of another type or curve: not the certificate's key either way
        }
    }
}
