package io.halkyon.plugin.proto.internal.mtls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates {@link PluginCertificate#generate()} never makes, to show they are refused. */
final class TestCertificates {

    private TestCertificates() {
    }

    /** A certificate with the parent's subject and SAN, issued and signed by the parent's key. */
    static PluginCertificate childOf(PluginCertificate parent) throws Exception {
        X500Name name = X500Name.getInstance(parent.certificate().getSubjectX500Principal().getEncoded());
        return build(name, parent, Instant.now().minusSeconds(30), Instant.now().plus(Duration.ofDays(1)), "localhost");
    }

    /** Self-signed, otherwise like ours, but with the given validity and DNS name. */
    static PluginCertificate selfSigned(Instant notBefore, Instant notAfter, String dnsName) throws Exception {
        return build(new X500Name("O=Halkyon plugin,CN=localhost"), null, notBefore, notAfter, dnsName);
    }

    /** Like go-plugin's (mtls.go): a P-521 key, signed with SHA-512. */
    static PluginCertificate goPluginStyle() throws Exception {
        return build(new X500Name("O=HashiCorp,CN=localhost"), null, Instant.now().minusSeconds(30),
                Instant.now().plus(Duration.ofDays(1)), "localhost", "secp521r1", "SHA512withECDSA");
    }

    private static PluginCertificate build(X500Name subject, PluginCertificate issuer, Instant notBefore,
                                           Instant notAfter, String dnsName) throws Exception {
        return build(subject, issuer, notBefore, notAfter, dnsName, "secp256r1", "SHA256withECDSA");
    }

    private static PluginCertificate build(X500Name subject, PluginCertificate issuer, Instant notBefore,
                                           Instant notAfter, String dnsName, String curve, String signature)
            throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        KeyPair keys = generator.generateKeyPair();
        X500Name issuerName = issuer == null ? subject
                : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                BigInteger.valueOf(System.nanoTime()), Date.from(notBefore), Date.from(notAfter), subject,
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(issuer == null));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(signature)
                        .build(issuer == null ? keys.getPrivate() : issuer.privateKey())));
        return new PluginCertificate(certificate, keys.getPrivate());
    }
}
