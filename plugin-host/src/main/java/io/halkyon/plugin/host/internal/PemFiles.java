package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a PEM certificate chain or private key from a file that someone else writes (a mounted
 * Secret, an operator's admin). Bounded: a file over {@link #MAX_BYTES}, or one that is not a
 * regular file (a FIFO or device would block or never end), is refused before it is read.
 * Errors name the file and say what was expected; they never quote the file (it may hold a key).
 * Only the JDK's providers are used; BouncyCastle only parses the PEM and ASN.1 structures.
 */
final class PemFiles {

    /** Far above any real chain or key (a long chain of RSA-4096 certificates is ~10 KiB). */
    static final int MAX_BYTES = 1024 * 1024;

    static final String CERT_FILE = "TLS certificate file";
    static final String KEY_FILE = "TLS private key file";
    static final String CHAIN = "a PEM certificate chain (one or more CERTIFICATE blocks, the server's own first)";
    static final String KEY = "one PEM private key, unencrypted (PRIVATE KEY (PKCS#8), RSA PRIVATE KEY (PKCS#1)"
            + " or EC PRIVATE KEY (SEC1))";

    private PemFiles() {
    }

    /** The certificates of {@code file}, in order: the server's own first. */
    static List<X509Certificate> readChain(Path file) {
        String text = read(file, CERT_FILE, CHAIN);
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object block;
            while ((block = parser.readObject()) != null) {
                if (!(block instanceof X509CertificateHolder holder)) {
                    throw bad(file, CERT_FILE, CHAIN, "it holds a " + describe(block), null);
                }
                chain.add(converter.getCertificate(holder));
            }
        } catch (PluginException e) {
            throw e;
        } catch (IOException | CertificateException | RuntimeException e) {
            throw bad(file, CERT_FILE, CHAIN, "it is not valid PEM (" + brief(e) + ")", e);
        }
        if (chain.isEmpty()) {
            throw bad(file, CERT_FILE, CHAIN, "it holds no PEM block", null);
        }
        return List.copyOf(chain);
    }

    /** The one private key of {@code file}; {@code EC PARAMETERS} blocks (openssl ecparam -genkey) are skipped. */
    static PrivateKey readKey(Path file) {
        String text = read(file, KEY_FILE, KEY);
        List<PrivateKey> keys = new ArrayList<>();
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object block;
            while ((block = parser.readObject()) != null) {
                if (block instanceof PrivateKeyInfo pkcs8) {
                    keys.add(converter.getPrivateKey(pkcs8));
                } else if (block instanceof PEMKeyPair legacy) {
                    // Only the private part: SEC1 may omit the public key, and the match check needs none.
                    keys.add(converter.getPrivateKey(legacy.getPrivateKeyInfo()));
                } else if (!(block instanceof ASN1ObjectIdentifier)) {
                    throw bad(file, KEY_FILE, KEY, "it holds a " + describe(block), null);
                }
            }
        } catch (PluginException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw bad(file, KEY_FILE, KEY, "it is not a valid PEM key (" + brief(e) + ")", e);
        }
        if (keys.size() != 1) {
            throw bad(file, KEY_FILE, KEY, "it holds " + keys.size() + " private keys", null);
        }
        return keys.get(0);
    }

    /** The file's text, refused unless it is a readable, non-empty regular file of at most MAX_BYTES. */
    private static String read(Path file, String role, String expected) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw bad(file, role, expected, "it is not a regular file", null);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw bad(file, role, expected, "the file does not exist", e);
        } catch (AccessDeniedException e) {
            throw bad(file, role, expected, "the file cannot be read (permission denied)", e);
        } catch (IOException e) {
            throw bad(file, role, expected, "the file cannot be read (" + e + ")", e);
        }
        if (bytes.length > MAX_BYTES) {
            throw bad(file, role, expected, "the file is larger than " + MAX_BYTES + " bytes", null);
        }
        if (bytes.length == 0) {
            throw bad(file, role, expected, "the file is empty", null);
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /**
     * The parser's reason, cut short: it may quote a PEM label from the file ("unrecognised object:
     * ..."), which a hostile file can make a megabyte long.
     */
    private static String brief(Exception e) {
        String message = String.valueOf(e.getMessage());
        return message.length() <= 200 ? message : message.substring(0, 200) + "...";
    }

    /** A block's kind in words, never its content. */
    private static String describe(Object block) {
        if (block instanceof X509CertificateHolder) {
            return "CERTIFICATE block";
        }
        if (block instanceof PrivateKeyInfo || block instanceof PEMKeyPair) {
            return "private key";
        }
        if (block instanceof PKCS8EncryptedPrivateKeyInfo || block instanceof PEMEncryptedKeyPair) {
            return "encrypted private key (not supported: the server has no passphrase to decrypt it)";
        }
        return "block of another kind (" + block.getClass().getSimpleName() + ")";
    }

    static PluginException bad(Path file, String role, String expected, String found, Throwable cause) {
        return new PluginException(file.toString(), role + " " + file + ": expected " + expected + ", but "
                + found, cause);
    }
}
