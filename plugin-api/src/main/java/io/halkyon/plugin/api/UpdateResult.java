package io.halkyon.plugin.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * The answer of {@link DependentResource#update}: whether the live object must change, and
 * the object to write when it must.
 *
 * @param changed whether the object must be written
 * @param object  the object to write when {@code changed}; {@code null} otherwise
 */
public record UpdateResult(boolean changed, HasMetadata object) {

    public UpdateResult {
        if (changed) {
            Objects.requireNonNull(object, "an UpdateResult that changed needs the object to write");
        }
    }

    public static UpdateResult unchanged() {
        return new UpdateResult(false, null);
    }

    public static UpdateResult changed(HasMetadata object) {
        return new UpdateResult(true, object);
    }
}
