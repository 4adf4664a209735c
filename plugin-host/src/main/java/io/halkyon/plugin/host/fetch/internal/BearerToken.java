package io.halkyon.plugin.host.fetch.internal;

import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token of {@link PluginFetchConfig#tokenFile()}: read again for every request that
 * gets it (a mounted Secret rotates in place), and sent only to
 * {@link PluginFetchConfig#tokenHosts()}, only while a GET has not been redirected to another
 * origin (a release server sending the download to a CDN must not pass the token on), and only
 * over {@code https://} or to a loopback address. The token is never logged nor written in a
 * message; errors name the file.
 */
final class BearerToken {

    /** Largest token file read: tokens are a few hundred bytes; a larger file is not one. */
    static final int MAX_BYTES = 16 * 1024;

    private static final Logger log = LoggerFactory.getLogger(BearerToken.class);

    private final Path file;
    private final Set<String> hosts;

    BearerToken(PluginFetchConfig config) {
        this.file = config.tokenFile().orElse(null);
        this.hosts = config.tokenHosts();
    }

    /**
     * The {@code Authorization} value for the request to {@code current} (dialled at
     * {@code dial}), in a GET that started at {@code first}; empty when the token is not for it.
     *
     * @throws FetchFailure (permanent) when it is for it but would go in clear, or the file is unusable
     */
    Optional<String> header(String reference, URI first, URI current, URI dial) {
        if (file == null || current.getHost() == null || !hosts.contains(current.getHost().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (!sameOrigin(first, current)) {
            log.info("plugin reference '{}': the token of {} is not sent to {}: the GET of {} was redirected there,"
                    + " and the token stays with the origin it was sent to", reference, file, origin(current), first);
            return Optional.empty();
        }
        if (!"https".equalsIgnoreCase(dial.getScheme()) && !NoProxy.loopbackLiteral(dial.getHost())) {
            throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': GET " + current
                    + " refused: the token of " + file + " is sent only over https:// (plain http:// only to loopback)");
        }
        return Optional.of("Bearer " + read(reference));
    }

    private String read(String reference) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': cannot read the token file "
                    + file + " (" + e.getClass().getSimpleName() + "); the token is read at each fetch");
        }
        if (bytes.length > MAX_BYTES) {
            throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': the token file " + file
                    + " is larger than " + MAX_BYTES / 1024 + " KiB; it must hold the token alone");
        }
        String token = new String(bytes, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
            throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': the token file " + file
                    + " is empty");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw FetchFailure.permanent(reference, "plugin reference '" + reference + "': the token file " + file
                    + " holds spaces, line breaks or characters other than printable ASCII; it must hold the token"
                    + " alone");
        }
        return token;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme())) && Objects.equals(lower(a.getHost()),
                lower(b.getHost())) && port(a) == port(b);
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
