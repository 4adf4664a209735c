package io.halkyon.plugin.host.fetch.internal;

import io.halkyon.plugin.api.PluginChecksumException;
import io.halkyon.plugin.host.fetch.PluginFetchConfig;
import io.halkyon.plugin.host.fetch.PluginReference;
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
 * One try at one reference: expected digest, download to a temporary file, verification,
 * installation into the plugins directory by rename, record. Anything that fails leaves no
 * file of the artifact behind and no record.
 */
public final class ArtifactFetcher {

    private static final Logger log = LoggerFactory.getLogger(ArtifactFetcher.class);

    private final Path pluginsDir;
    private final PluginFetchConfig config;
    private final FetchRecords records;
    private final HttpTransfer http;

    private record Expectation(String sha256, String source) {
    }

    public ArtifactFetcher(Path pluginsDir, PluginFetchConfig config) {
        this.pluginsDir = pluginsDir;
        this.config = config;
        this.records = new FetchRecords(pluginsDir);
        this.http = new HttpTransfer(config);
    }

    /** Creates the directories and cleans what an interrupted run left. */
    public void prepare() throws IOException {
        Files.createDirectories(pluginsDir);
        records.prepare();
    }

    /** The files of an earlier successful fetch, when they are all still there. */
    public Optional<List<Path>> cached(PluginReference ref) throws IOException {
        return records.cached(ref.raw());
    }

    /** Fetches, verifies and installs; throws a PluginException naming the reference on failure. */
    public List<Path> fetch(PluginReference ref) throws IOException {
        Optional<Expectation> expected = expectation(ref);
        Path tmp = records.newTempFile();
        try {
            log.info("plugin reference '{}': fetching {}", ref.raw(), ref.uri());
            String actual = "file".equalsIgnoreCase(ref.uri().getScheme())
                    ? FileTransfer.copy(ref.raw(), ref.uri(), tmp, config)
                    : http.download(ref.raw(), ref.uri(), tmp);
            if (expected.isPresent() && !expected.get().sha256().equals(actual)) {
                throw new PluginChecksumException(ref.raw(), "plugin reference '" + ref.raw() + "': SHA-256 of "
                        + ref.fileName() + " is " + actual + " but " + expected.get().source() + " expects "
                        + expected.get().sha256() + "; the artifact was discarded", expected.get().sha256(), actual);
            }
            expected.ifPresent(e -> log.info("plugin reference '{}': SHA-256 {} verified against {}", ref.raw(),
                    actual, e.source()));
            List<Path> files = install(ref, tmp);
            records.record(ref.raw(), actual, files);
            return files;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Optional<Expectation> expectation(PluginReference ref) {
        if (ref.sha256().isPresent()) {
            return Optional.of(new Expectation(ref.sha256().get(), "the #sha256 pinned in the reference"));
        }
        if (ref.checksumsUri().isEmpty()) {
            log.warn("plugin reference '{}': no #sha256=<digest> pinned: {} will not be verified", ref.raw(),
                    ref.fileName());
            return Optional.empty();
        }
        URI uri = ref.checksumsUri().get();
        Optional<String> text = "file".equalsIgnoreCase(uri.getScheme()) ? FileTransfer.text(ref.raw(), uri)
                : http.text(ref.raw(), uri);
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

    private List<Path> install(PluginReference ref, Path tmp) throws IOException {
        if (ref.format() != PluginReference.Format.TARBALL) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(
                    ref.format() == PluginReference.Format.EXECUTABLE ? "rwxr-xr-x" : "rw-r--r--"));
            Path target = pluginsDir.resolve(ref.fileName());
            FetchRecords.move(tmp, target);
            return List.of(target);
        }
        Path staging = records.newStagingDirectory();
        try {
            List<Path> relative = TarballUnpacker.unpack(ref.raw(), tmp, staging, config.maxArtifactSize());
            if (relative.isEmpty()) {
                throw FetchFailure.permanent(ref.raw(), "plugin reference '" + ref.raw() + "': the tarball "
                        + ref.fileName() + " holds no file");
            }
            // Only plugins land in the plugins directory, at its top level where the manager
            // looks: a release's README or LICENSE would otherwise load as a failed plugin.
            Map<String, Path> plugins = new LinkedHashMap<>();
            for (Path rel : relative) {
                Path file = staging.resolve(rel);
                String name = rel.getFileName().toString();
                if (!name.endsWith(".jar") && !Files.isExecutable(file)) {
                    log.info("plugin reference '{}': skipping {} from {}: neither executable nor a .jar",
                            ref.raw(), rel, ref.fileName());
                    continue;
                }
                Path clash = plugins.putIfAbsent(name, rel);
                if (clash != null) {
                    throw FetchFailure.permanent(ref.raw(), "plugin reference '" + ref.raw() + "': the tarball "
                            + ref.fileName() + " holds two plugins named " + name + ": " + clash + " and " + rel);
                }
            }
            if (plugins.isEmpty()) {
                throw FetchFailure.permanent(ref.raw(), "plugin reference '" + ref.raw() + "': the tarball "
                        + ref.fileName() + " holds no executable file and no .jar, only " + relative);
            }
            List<Path> installed = new ArrayList<>();
            for (Map.Entry<String, Path> plugin : plugins.entrySet()) {
                Path target = pluginsDir.resolve(plugin.getKey());
                FetchRecords.move(staging.resolve(plugin.getValue()), target);
                installed.add(target);
            }
            return installed;
        } finally {
            FetchRecords.deleteQuietly(staging);
        }
    }
}
