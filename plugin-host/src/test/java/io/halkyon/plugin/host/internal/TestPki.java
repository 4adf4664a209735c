package io.halkyon.plugin.host.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A test CA and the server certificates it issues (DNS name {@code localhost}), written as the
 * PEM files a cert-manager Secret holds: {@code tls.crt} (leaf, then CA) and {@code tls.key}.
 */
final class TestPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A server certificate, its key, and the chain file's text. */
    record Leaf(X509Certificate certificate, PrivateKey key, X509Certificate ca) {
        BigInteger serial() {
            return certificate.getSerialNumber();
        }

        /** {@code tls.crt}: the leaf, then the CA. */
        String chainPem() {
            return pem(certificate) + pem(ca);
        }

        String pkcs8Pem() {
            return TestPki.pkcs8Pem(key);
        }

        /**
         * The pre-PKCS#8 form: {@code RSA PRIVATE KEY} (PKCS#1), or {@code EC PRIVATE KEY} (SEC1) with
         * the curve and public key in it, as openssl and Go write it.
         */
        String legacyKeyPem() {
            if (!(key instanceof ECPrivateKey ec)) {
                return pemOf(key);
            }
            try {
                PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
                DERBitString publicKey = new DERBitString(SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())
                        .getPublicKeyData().getOctets());
                org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                        ec.getParams().getOrder().bitLength(), ec.getS(), publicKey,
                        info.getPrivateKeyAlgorithm().getParameters());
                return pemOf(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final KeyPair caKeys;
    private final X509Certificate ca;

    TestPki() {
        this.caKeys = keys("EC");
        this.ca = build(new X500Name("CN=Halkyon test CA"), new X500Name("CN=Halkyon test CA"), caKeys, caKeys.getPrivate(),
                true, Instant.now().plus(Duration.ofDays(1)));
    }

    X509Certificate ca() {
        return ca;
    }

    /** @param keyType "EC" (P-256), "EC-384", "EC-521", "RSA" (2048) or "Ed25519" */
    Leaf issue(String keyType) {
        return issue(keyType, Instant.now().plus(Duration.ofDays(1)));
    }

    Leaf issue(String keyType, Instant notAfter) {
        KeyPair keys = keys(keyType);
        X509Certificate certificate = build(new X500Name("CN=Halkyon test CA"),
                new X500Name("O=Halkyon test,CN=operator"), keys, caKeys.getPrivate(), false, notAfter);
        return new Leaf(certificate, keys.getPrivate(), ca);
    }

    static String pem(X509Certificate certificate) {
        try {
            return pemOf(new PemObject("CERTIFICATE", certificate.getEncoded()));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pkcs8Pem(PrivateKey key) {
        return pemOf(new PemObject("PRIVATE KEY", key.getEncoded()));
    }


    /** Writes next to {@code file}, then renames over it: readers see the old or the new file, never a part. */
    static void replace(Path file, String text) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, text, StandardCharsets.US_ASCII);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** What BouncyCastle's PEM writer makes of {@code object} (a certificate, key, or PemObject). */
    static String pemOf(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static KeyPair keys(String keyType) {
        try {
            KeyPairGenerator generator;
            switch (keyType) {
                case "EC", "EC-384", "EC-521" -> {
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(switch (keyType) {
                        case "EC-384" -> "secp384r1";
                        case "EC-521" -> "secp521r1";
                        default -> "secp256r1";
                    }));
                }
                case "RSA" -> {
                    generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(2048);
                }
                default -> generator = KeyPairGenerator.getInstance(keyType);
            }
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(X500Name issuer, X500Name subject, KeyPair keys, PrivateKey signer,
                                         boolean ca, Instant notAfter) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(64, RANDOM).setBit(63), Date.from(Instant.now().minusSeconds(60)),
                    Date.from(notAfter), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!ca) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate: " + e.getMessage(), e);
        }
    }
}
