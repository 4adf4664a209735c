package io.halkyon.plugin.host.fetch.internal;

import io.halkyon.plugin.host.fetch.FetchResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs what the workers staged, on the caller's thread, in the order the references are
 * listed, and decides who owns each file name of the plugins directory: a name recorded for a
 * configured reference is that reference's; otherwise the first reference listed that brings it
 * gets it. Any other reference bringing the same name is refused, naming both, and nothing of it
 * is installed, so a pinned plugin is never replaced by another reference's file. A record of a
 * reference no longer configured gives its names up to the reference that now brings them (a
 * new tag replaces the old one's files) and is dropped.
 */
final class Installer {

    private static final Logger log = LoggerFactory.getLogger(Installer.class);

    private final FetchRecords records;

    Installer(FetchRecords records) {
        this.records = records;
    }

    /**
     * @param raws     the configured references, in order (each once)
     * @param outcomes what the work on each came to
     * @return the result of each, in the same order
     */
    List<FetchResult> install(List<String> raws, List<Outcome> outcomes) {
        Map<String, FetchRecord> onDisk = readAll();
        Set<String> configured = new HashSet<>(raws);
        Map<String, String> owners = new HashMap<>();
        FetchResult[] results = new FetchResult[raws.size()];
        for (int i = 0; i < raws.size(); i++) {
            String raw = raws.get(i);
            FetchRecord record = onDisk.get(raw);
            if (record == null) {
                continue;
            }
            Optional<String> clash = clash(record.files().keySet(), raw, owners);
            if (clash.isPresent()) {
                if (outcomes.get(i) instanceof Outcome.Cached) {
                    results[i] = refuse(raw, clash.get(), owners.get(clash.get()));
                    deleteRecord(raw);
                }
                continue;
            }
            record.files().keySet().forEach(name -> owners.put(name, raw));
        }
        for (int i = 0; i < raws.size(); i++) {
            if (outcomes.get(i) instanceof Outcome.Fetched fetched) {
                results[i] = install(raws.get(i), fetched.staged(), owners, onDisk, configured);
            }
        }
        for (int i = 0; i < raws.size(); i++) {
            if (results[i] == null && outcomes.get(i) instanceof Outcome.Cached c) {
                results[i] = new FetchResult(raws.get(i), FetchResult.Status.CACHED, c.files(), Optional.empty());
            } else if (results[i] == null && outcomes.get(i) instanceof Outcome.Failed f) {
                results[i] = FetchResult.failed(raws.get(i), f.failure());
            }
        }
        return List.of(results);
    }

    private FetchResult install(String raw, Staged staged, Map<String, String> owners, Map<String, FetchRecord> onDisk,
                                Set<String> configured) {
        Optional<String> clash = clash(staged.names(), raw, owners);
        if (clash.isPresent()) {
            staged.discard();
            return refuse(raw, clash.get(), owners.get(clash.get()));
        }
        List<Path> installed = new ArrayList<>();
        Map<String, String> digests = new LinkedHashMap<>();
        try {
            for (Staged.File file : staged.files()) {
                Path target = records.file(file.name());
                FetchRecords.move(file.path(), target);
                installed.add(target);
                digests.put(file.name(), file.sha256());
            }
            records.write(new FetchRecord(raw, staged.sha256(), digests));
        } catch (IOException e) {
            FetchFailure failure = new FetchFailure(raw, "plugin reference '" + raw + "': cannot install "
                    + staged.names() + " into the plugins directory: " + HttpTransfer.describe(e), false, e);
            log.error(failure.getMessage());
            return FetchResult.failed(raw, failure);
        } finally {
            staged.discard();
        }
        staged.names().forEach(name -> owners.put(name, raw));
        for (FetchRecord old : onDisk.values()) {
            if (!configured.contains(old.reference()) && !Collections.disjoint(old.files().keySet(), staged.names())) {
                deleteRecord(old.reference());
                log.info("plugin reference '{}' is no longer configured: its record is dropped, {} now come(s) from"
                        + " plugin reference '{}'", old.reference(), old.files().keySet(), raw);
            }
        }
        log.info("plugin reference '{}': fetched, {} file(s): {}", raw, installed.size(), staged.names());
        return new FetchResult(raw, FetchResult.Status.FETCHED, installed, Optional.empty());
    }

    /** The first of {@code names} owned by a reference other than {@code raw}. */
    private static Optional<String> clash(Collection<String> names, String raw, Map<String, String> owners) {
        return names.stream().filter(n -> owners.containsKey(n) && !owners.get(n).equals(raw)).findFirst();
    }

    private static FetchResult refuse(String raw, String name, String owner) {
        FetchFailure failure = FetchFailure.permanent(raw, "plugin reference '" + raw + "': refused: it brings the"
                + " plugin file " + name + ", which plugin reference '" + owner + "' already provides; two references"
                + " may not provide one file (the one installed first, or listed first, keeps it), nothing of '"
                + raw + "' was installed");
        log.error(failure.getMessage());
        return FetchResult.failed(raw, failure);
    }

    private Map<String, FetchRecord> readAll() {
        try {
            return records.readAll();
        } catch (IOException e) {
            log.warn("cannot list the fetch records: {}", HttpTransfer.describe(e));
            return Map.of();
        }
    }

    private void deleteRecord(String raw) {
        try {
            records.delete(raw);
        } catch (IOException e) {
            log.warn("plugin reference '{}': cannot delete its record: {}", raw, HttpTransfer.describe(e));
        }
    }
}
