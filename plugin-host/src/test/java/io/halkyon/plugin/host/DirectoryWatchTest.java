package io.halkyon.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The poll decisions: act on a file only once it is stable across two polls. */
class DirectoryWatchTest {

    private static final Path DIR = Path.of("/plugins");
    private static final Path A = DIR.resolve("a");
    private final DirectoryWatch watch = new DirectoryWatch(DIR);

    @Test
    void aNewFileIsLoadedOnceItStopsGrowing() {
        assertThat(watch.poll(Map.of(A, stamp(10)), Map.of(), Set.of()).isEmpty()).as("first sight").isTrue();
        assertThat(watch.poll(Map.of(A, stamp(20)), Map.of(), Set.of()).isEmpty()).as("still growing").isTrue();
        assertThat(watch.poll(Map.of(A, stamp(20)), Map.of(), Set.of()).load()).containsEntry(A, stamp(20));
    }

    @Test
    void aChangedFileIsReloadedOnceStableAndAnUnchangedOneIsLeftAlone() {
        Map<Path, FileStamp> known = Map.of(A, stamp(10));
        assertThat(watch.poll(Map.of(A, stamp(10)), known, Set.of()).isEmpty()).isTrue();
        assertThat(watch.poll(Map.of(A, stamp(11)), known, Set.of()).isEmpty()).isTrue();
        DirectoryWatch.Changes changes = watch.poll(Map.of(A, stamp(11)), known, Set.of());
        assertThat(changes.reload()).containsEntry(A, stamp(11));
        assertThat(changes.load()).isEmpty();
    }

    @Test
    void aRemovedFileIsUnloadedAtOnceUnlessBusy() {
        Map<Path, FileStamp> known = Map.of(A, stamp(10));
        assertThat(watch.poll(Map.of(), known, Set.of(A)).isEmpty()).as("busy: left alone").isTrue();
        assertThat(watch.poll(Map.of(), known, Set.of()).unload()).containsExactly(A);
    }

    @Test
    void aBusyFileStartsItsStabilityCountAgain() {
        watch.poll(Map.of(A, stamp(10)), Map.of(), Set.of());
        assertThat(watch.poll(Map.of(A, stamp(10)), Map.of(), Set.of(A)).isEmpty()).isTrue();
        assertThat(watch.poll(Map.of(A, stamp(10)), Map.of(), Set.of()).isEmpty()).isTrue();
        assertThat(watch.poll(Map.of(A, stamp(10)), Map.of(), Set.of()).load()).containsKey(A);
    }

    @Test
    void restartBackoffDoublesUpToItsCap() {
        RestartPolicy p = RestartPolicy.DEFAULT;
        assertThat(Set.of(1, 2, 3, 5, 6, 50).stream().map(p::delay).sorted().toList()).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(16),
                Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    private static FileStamp stamp(long size) {
        return new FileStamp(size, FileTime.fromMillis(1000), "inode-1", Set.of());
    }
}
