package io.halkyon.plugin.proto.internal.mtls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * One side's ephemeral AutoMTLS identity: a self-signed certificate and its key, made the
 * way go-plugin's {@code generateCert} makes them (mtls.go) so that Go's crypto/tls accepts
 * ours and pins it exactly as it pins a Go plugin's.
 *
 * <p>Differences from go-plugin, all accepted by Go: P-256 instead of P-521 (much faster to
 * generate, same role), organization "Halkyon plugin", and 10 years validity instead of
 * ~30 (the key lives only in memory for one plugin process, so the length is moot as long
 * as a long-running plugin never outlives it). Only the JDK's providers are used at run
 * time; BouncyCastle only builds the certificate structure, and no provider is registered.
 */
public final class PluginCertificate {

    /** The name go-plugin's certificates carry and its host verifies against. */
    public static final String HOST_NAME = "localhost";
    public static final String ORGANIZATION = "Halkyon plugin";
    /** go-plugin backdates by 30 s for small clock differences; so do we. */
    static final Duration BACKDATE = Duration.ofSeconds(30);
    static final Duration VALIDITY = Duration.ofDays(3650);
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    /** Package-private: tests wrap certificates they built differently. */
    PluginCertificate(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    }

    /** Generates a fresh key pair and self-signed certificate; a few milliseconds. */
    public static PluginCertificate generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, ORGANIZATION)
                    .addRDN(BCStyle.CN, HOST_NAME)
                    .build();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serialNumber(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name, keys.getPublic())
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                            | KeyUsage.keyEncipherment | KeyUsage.keyAgreement | KeyUsage.keyCertSign))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}))
                    // go-plugin marks its certificates CA so that a pool holding one verifies it.
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, HOST_NAME)));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keys.getPrivate())));
            return new PluginCertificate(certificate, keys.getPrivate());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the AutoMTLS certificate: " + e.getMessage(), e);
        }
    }

    /** A random positive serial of up to 128 bits, as go-plugin's. */
    private static BigInteger serialNumber() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Never leaves this process. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The DER encoding: what the peer receives in the TLS handshake and pins. */
    public byte[] der() {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the AutoMTLS certificate", e);
        }
    }

    /** The PEM text a host passes to its plugin in {@code PLUGIN_CLIENT_CERT}. */
    public String pem() {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("CERTIFICATE", der()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** The handshake line's 6th field: std base64 of the DER without padding (Go's RawStdEncoding). */
    public String handshakeField() {
        return Base64.getEncoder().withoutPadding().encodeToString(der());
    }

    @Override
    public String toString() {
        return "PluginCertificate[" + certificate.getSubjectX500Principal().getName()
                + ", serial " + certificate.getSerialNumber().toString(16) + "]";
    }
}
