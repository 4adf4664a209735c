package io.halkyon.plugin.host.fetch;

import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.host.fetch.internal.LogText;
import io.halkyon.plugin.host.fetch.internal.PathRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One parsed entry of {@code HALKYON_PLUGINS}.
 *
 * <p>Accepted forms, each optionally followed by {@code #sha256=<64 hex digits>} to pin the
 * artifact's digest:
 * <ul>
 *   <li>{@code owner/repo@tag}: a release, expanded with
 *       {@link PluginFetchConfig#releaseUrlTemplate()} ({@code {os}} and {@code {arch}} from the
 *       config); its checksums file is looked up next to
 *       the asset;</li>
 *   <li>{@code https://host/path}: any URL ({@code http://} only for loopback hosts, meant for
 *       tests);</li>
 *   <li>{@code file:/absolute/path} or {@code file:relative/path} (relative to the working
 *       directory).</li>
 * </ul>
 * The last path segment names the artifact: {@code .tar.gz}/{@code .tgz} is unpacked,
 * {@code .jar} is kept as a jar, anything else is kept as one executable file.
 *
 * <p>Refused in every part (owner, repository, tag, the URL's path segments, percent-decoded, and
 * its query): {@code ..}, {@code .}, empty segments and control characters (a raw one anywhere in
 * the reference too), so no part can climb paths or forge a log line. Errors quote a refused
 * reference with such characters escaped.
 *
 * @param raw          the reference as written, trimmed; also the key of its cache record
 * @param kind         which form it was written in
 * @param uri          where the artifact is read from
 * @param sha256       the pinned digest, lowercase hex
 * @param checksumsUri for a release without a pinned digest: its checksums file
 * @param fileName     the artifact's file name (last path segment of {@code uri})
 * @param format       what is done with the artifact
 */
public record PluginReference(String raw, Kind kind, URI uri, Optional<String> sha256, Optional<URI> checksumsUri,
                              String fileName, Format format) {

    /** How a reference was written. */
    public enum Kind { RELEASE, URL, FILE }

    /** What the artifact is. */
    public enum Format {
        /** {@code .tar.gz} or {@code .tgz}: unpacked into the plugins directory. */
        TARBALL,
        /** {@code .jar}: written as one file. */
        JAR,
        /** Anything else: written as one file and made executable. */
        EXECUTABLE
    }

    private static final Pattern RELEASE = Pattern.compile(
            "([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/([A-Za-z0-9._-]+)@([A-Za-z0-9][A-Za-z0-9._+-]*)");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String FORMS = "expected owner/repo@tag, an https:// URL or a file: URL,"
            + " optionally followed by #sha256=<64 hex digits>";

    public PluginReference {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(checksumsUri, "checksumsUri");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(format, "format");
    }

    /**
     * Parses one reference.
     *
     * @throws PluginException naming the reference and what was expected; its
     *                         {@link PluginException#pluginName()} is the reference
     */
    public static PluginReference parse(String ref, PluginFetchConfig config) {
        Objects.requireNonNull(config, "config");
        String raw = ref == null ? "" : ref.trim();
        if (raw.isEmpty()) {
            throw bad(raw, "is empty");
        }
        if (LogText.hasUnsafe(raw)) {
            throw bad(raw, "contains control characters");
        }
        String body = raw;
        Optional<String> sha256 = Optional.empty();
        int hash = raw.indexOf('#');
        if (hash >= 0) {
            String fragment = raw.substring(hash + 1);
            body = raw.substring(0, hash).trim();
            if (!fragment.startsWith("sha256=") || !SHA256.matcher(fragment.substring(7)).matches()) {
                throw bad(raw, "has fragment '#" + fragment + "'; the only fragment accepted is #sha256=<64 hex digits>");
            }
            sha256 = Optional.of(fragment.substring(7).toLowerCase(Locale.ROOT));
        }
        String lower = body.toLowerCase(Locale.ROOT);
        Kind kind;
        URI uri;
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            kind = Kind.URL;
            uri = httpUri(raw, body);
        } else if (lower.startsWith("file:")) {
            kind = Kind.FILE;
            uri = fileUri(raw, body);
        } else {
            Matcher m = RELEASE.matcher(body);
            if (!m.matches()) {
                throw bad(raw, "is not a valid reference: " + FORMS);
            }
            kind = Kind.RELEASE;
            if (PathRules.segmentProblem(m.group(2)) != null) {
                throw bad(raw, "names the repository '" + m.group(2) + "', which is not a repository name");
            }
            String expanded = config.releaseUrlTemplate().replace("{owner}", m.group(1)).replace("{repo}", m.group(2))
                    .replace("{tag}", m.group(3)).replace("{os}", config.os()).replace("{arch}", config.arch());
            String expandedLower = expanded.toLowerCase(Locale.ROOT);
            uri = expandedLower.startsWith("file:") ? fileUri(raw, expanded) : httpUri(raw, expanded);
        }
        String fileName = fileName(raw, uri);
        Optional<URI> checksums = kind == Kind.RELEASE && sha256.isEmpty()
                ? Optional.of(uri.resolve(config.checksumsFileName())) : Optional.empty();
        return new PluginReference(raw, kind, uri, sha256, checksums, fileName, formatOf(fileName));
    }

    /**
     * Splits a {@code HALKYON_PLUGINS} value: comma-separated, each entry trimmed, empty entries
     * skipped. {@code null} gives an empty list.
     */
    public static List<String> split(String halkyonPlugins) {
        List<String> result = new ArrayList<>();
        if (halkyonPlugins == null) {
            return result;
        }
        for (String part : halkyonPlugins.split(",")) {
            String trimmed = part.trim();
            if (!trimmed.isEmpty()) {
                result.add(trimmed);
            }
        }
        return List.copyOf(result);
    }

    @Override
    public String toString() {
        return raw;
    }

    private static URI httpUri(String raw, String text) {
        if (!LogText.withoutCredentials(text).equals(text)) {
            String shown = LogText.withoutCredentials(raw);
            throw bad(shown, "carries credentials (user:token@) in its URL: not supported (the fetcher sends none,"
                    + " and they would end up in logs and in requests to every redirect target)");
        }
        URI uri = uri(raw, text);
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw bad(raw, "has no host in URL " + text);
        }
        if ("http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
            throw bad(raw, "uses plain http:// to " + uri.getHost() + ", which is allowed only for loopback hosts"
                    + " (127.0.0.1, ::1, localhost); use https://");
        }
        return uri;
    }

    private static URI fileUri(String raw, String text) {
        URI uri = uri(raw, text);
        if (uri.isOpaque()) {
            // file:relative/path: resolved against the working directory.
            return Path.of(uri.getSchemeSpecificPart()).toAbsolutePath().normalize().toUri();
        }
        if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
            throw bad(raw, "names host '" + uri.getAuthority() + "' in a file: URL; expected file:/absolute/path");
        }
        try {
            return Path.of(uri).toAbsolutePath().normalize().toUri();
        } catch (IllegalArgumentException e) {
            throw bad(raw, "is not a usable file: URL (" + e.getMessage() + "); expected file:/absolute/path");
        }
    }

    /** {@code text} parsed, its parts checked as written (before any normalization). */
    private static URI uri(String raw, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw bad(raw, "is not a valid URL (" + e.getMessage() + "): " + FORMS);
        }
        checkParts(raw, uri);
        return uri;
    }

    /**
     * Every path segment, percent-decoded, and the query: see the class comment. A missing file
     * name (an empty last segment) is left to {@link #fileName}, which says so.
     */
    private static void checkParts(String raw, URI uri) {
        String path = uri.isOpaque() ? uri.getRawSchemeSpecificPart() : uri.getRawPath();
        path = path == null ? "" : path.substring(path.startsWith("/") ? 1 : 0);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            return;
        }
        for (String segment : path.split("/", -1)) {
            String decoded = decode(raw, segment);
            String problem = decoded.contains("/") ? "an encoded '/'" : PathRules.segmentProblem(decoded);
            if (problem != null) {
                throw bad(raw, "has " + problem + " in its URL path (segment " + LogText.quote(segment) + "); '.',"
                        + " '..', empty segments and control characters are refused");
            }
        }
        if (uri.getQuery() != null && LogText.hasUnsafe(uri.getQuery())) {
            throw bad(raw, "has control characters in its URL query");
        }
    }

    private static String decode(String raw, String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad(raw, "is not a valid URL (" + e.getMessage() + "): " + FORMS);
        }
    }

    /** Literal loopback names only: no DNS lookup while parsing (the address is checked again when dialled). */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("[::1]") || h.equals("::1");
    }

    private static String fileName(String raw, URI uri) {
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            throw bad(raw, "does not name a file: " + uri + " ends without a file name");
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.equals(".") || name.equals("..") || name.startsWith(".")) {
            throw bad(raw, "names the file '" + name + "'; plugin artifacts may not be hidden files");
        }
        return name;
    }

    private static Format formatOf(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
            return Format.TARBALL;
        }
        return lower.endsWith(".jar") ? Format.JAR : Format.EXECUTABLE;
    }

    private static PluginException bad(String raw, String problem) {
        return new PluginException(raw, "plugin reference " + LogText.quote(raw) + " " + problem);
    }
}
