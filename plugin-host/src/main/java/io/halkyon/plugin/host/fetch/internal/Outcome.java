package io.halkyon.plugin.host.fetch.internal;

import io.halkyon.plugin.api.PluginException;
import java.nio.file.Path;
import java.util.List;

/** What the work on one reference came to, before anything is installed. */
sealed interface Outcome {

    /** Its recorded files are all there, unchanged. */
    record Cached(List<Path> files) implements Outcome {
    }

    /** Fetched and verified, waiting to be installed. */
    record Fetched(Staged staged) implements Outcome {
    }

    /** It failed; {@code failure} names the reference and says why. */
    record Failed(PluginException failure) implements Outcome {
    }
}
