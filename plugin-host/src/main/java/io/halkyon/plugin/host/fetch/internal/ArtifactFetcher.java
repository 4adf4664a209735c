package io.halkyon.plugin.host.fetch.internal;

import io.halkyon.plugin.api.PluginChecksumException;
import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import io.halkyon.plugin.host.fetch.PluginReference;
import io.halkyon.plugin.host.internal.JarCommand;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One try at one reference: expected digest, download to a temporary file, verification, and
 * staging of its plugins (a tarball unpacked, only its executables and jars kept). Nothing is
 * installed here; anything that fails leaves no file behind.
 */
final class ArtifactFetcher {

    private static final Logger log = LoggerFactory.getLogger(ArtifactFetcher.class);
    /** Names shown when a list of files from an archive is logged. */
    private static final int NAMES_SHOWN = 5;

    private final PluginFetchConfig config;
    private final FetchRecords records;
    private final HttpTransfer http;

    private record Expectation(String sha256, String source) {
    }

    ArtifactFetcher(PluginFetchConfig config, FetchRecords records) {
        this.config = config;
        this.records = records;
        this.http = new HttpTransfer(config);
    }

    /** Fetches and verifies within {@code deadline}; throws a PluginException naming the reference on failure. */
    Staged fetch(PluginReference ref, Deadline deadline) throws IOException {
        Optional<Expectation> expected = expectation(ref, deadline);
        Path tmp = records.newTempFile();
        boolean keep = false;
        try {
            log.info("plugin reference '{}': fetching {}", ref.raw(), ref.uri());
            String actual = isFile(ref.uri()) ? FileTransfer.copy(ref.raw(), ref.uri(), tmp, config)
                    : http.download(ref.raw(), ref.uri(), tmp, deadline);
            if (expected.isPresent() && !expected.get().sha256().equals(actual)) {
                throw new PluginChecksumException(ref.raw(), "plugin reference '" + ref.raw() + "': SHA-256 of "
                        + ref.fileName() + " is " + actual + " but " + expected.get().source() + " expects "
                        + expected.get().sha256() + "; the artifact was discarded", expected.get().sha256(), actual);
            }
            expected.ifPresent(e -> log.info("plugin reference '{}': SHA-256 {} verified against {}", ref.raw(),
                    actual, e.source()));
            long bytes = Files.size(tmp);
            if (ref.format() == PluginReference.Format.TARBALL) {
                return unpack(ref, tmp, actual, bytes);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(
                    ref.format() == PluginReference.Format.EXECUTABLE ? "rwxr-xr-x" : "rw-r--r--"));
            keep = true;
            return new Staged(actual, List.of(new Staged.File(ref.fileName(), tmp, actual)), tmp, bytes);
        } finally {
            if (!keep) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private Optional<Expectation> expectation(PluginReference ref, Deadline deadline) {
        if (ref.sha256().isPresent()) {
            return Optional.of(new Expectation(ref.sha256().get(), "the #sha256 pinned in the reference"));
        }
        if (ref.checksumsUri().isEmpty()) {
            log.warn("plugin reference '{}': no #sha256=<digest> pinned: {} will not be verified", ref.raw(),
                    ref.fileName());
            return Optional.empty();
        }
        URI uri = ref.checksumsUri().get();
        Optional<String> text = isFile(uri) ? FileTransfer.text(ref.raw(), uri, config.maxTextSize())
                : http.text(ref.raw(), uri, deadline);
        if (text.isEmpty()) {
            log.warn("plugin reference '{}': the release has no {} ({} not found) and no #sha256 is pinned: {} will"
                    + " not be verified", ref.raw(), config.checksumsFileName(), uri, ref.fileName());
            return Optional.empty();
        }
        String digest = ChecksumsFile.digestOf(text.get(), ref.fileName()).orElseThrow(() -> FetchFailure.permanent(
                ref.raw(), "plugin reference '" + ref.raw() + "': " + uri + " does not list " + ref.fileName()
                        + "; cannot verify it"));
        return Optional.of(new Expectation(digest, uri.toString()));
    }

    /**
     * Unpacks into a staging directory and keeps only the plugins, and the class data sharing
     * archive {@code x.jsa} of a jar {@code x.jar} beside it: a README would load as a failed plugin.
     */
    private Staged unpack(PluginReference ref, Path archive, String sha256, long bytes) throws IOException {
        Path staging = records.newStagingDirectory();
        boolean keep = false;
        try {
            List<TarballUnpacker.Unpacked> unpacked = TarballUnpacker.unpack(ref.raw(), archive, staging,
                    config.maxArtifactSize(), config.maxTarEntries());
            if (unpacked.isEmpty()) {
                throw FetchFailure.permanent(ref.raw(), "plugin reference '" + ref.raw() + "': the tarball "
                        + ref.fileName() + " holds no file");
            }
            Map<String, Staged.File> plugins = new LinkedHashMap<>();
            List<Staged.File> archives = new ArrayList<>();
            List<Path> skipped = new ArrayList<>();
            for (TarballUnpacker.Unpacked u : unpacked) {
                String name = u.relative().getFileName().toString();
                Path file = staging.resolve(u.relative());
                if (!name.startsWith(".") && name.endsWith(JarCommand.ARCHIVE_SUFFIX)) {
                    archives.add(new Staged.File(name, file, u.sha256()));
                    continue;
                }
                if (name.startsWith(".") || !name.endsWith(".jar") && !Files.isExecutable(file)) {
                    skipped.add(u.relative());
                    continue;
                }
                Staged.File clash = plugins.putIfAbsent(name, new Staged.File(name, file, u.sha256()));
                if (clash != null) {
                    throw FetchFailure.permanent(ref.raw(), "plugin reference '" + ref.raw() + "': the tarball "
                            + ref.fileName() + " holds two plugins named " + name + ": "
                            + staging.relativize(clash.path()) + " and " + u.relative());
                }
            }
            for (Staged.File classArchive : archives) {
                String base = classArchive.name().substring(0, classArchive.name().length() - JarCommand.ARCHIVE_SUFFIX.length());
                Staged.File jar = plugins.get(base + ".jar");
                if (jar != null && jar.path().equals(classArchive.path().resolveSibling(jar.name()))) {
                    plugins.putIfAbsent(classArchive.name(), classArchive);
                } else {
                    skipped.add(staging.relativize(classArchive.path()));
                }
            }
            log.info("plugin reference '{}': {} holds {} file(s): {} kept (plugins, class archives beside their jars) {}; {} skipped (not executable, not a"
                    + " .jar, or hidden) {}", ref.raw(), ref.fileName(), unpacked.size(), plugins.size(),
                    sample(plugins.values().stream().map(f -> staging.relativize(f.path())).toList()), skipped.size(),
                    sample(skipped));
            if (plugins.isEmpty()) {
                throw FetchFailure.permanent(ref.raw(), "plugin reference '" + ref.raw() + "': the tarball "
                        + ref.fileName() + " holds no executable file and no .jar, only " + sample(skipped));
            }
            keep = true;
            return new Staged(sha256, List.copyOf(plugins.values()), staging, bytes);
        } finally {
            if (!keep) {
                FetchRecords.deleteQuietly(staging);
            }
        }
    }

    /** The first few of {@code names}, and how many more there are. */
    private static String sample(List<?> names) {
        List<String> shown = names.stream().limit(NAMES_SHOWN).map(n -> LogText.escape(n.toString())).toList();
        return names.size() <= NAMES_SHOWN ? shown.toString()
                : shown.toString().replaceFirst("]$", ", and " + (names.size() - NAMES_SHOWN) + " more]");
    }

    private static boolean isFile(URI uri) {
        return "file".equalsIgnoreCase(uri.getScheme());
    }
}
