package io.halkyon.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The metadata a plugin does not set on the objects the operator writes for it. Whatever a plugin
 * puts there is dropped: on create the field is cleared, on update it gets the live object's value.
 * <ul>
 *   <li>set by the operator: {@code ownerReferences} (a plugin could make the object another
 *       owner's, a second controller, or have it deleted with an object of another namespace),
 *       {@code finalizers} (a plugin could block the object's deletion for ever), and labels and
 *       annotations under the operator's prefix ({@code halkyon.io/...} or
 *       {@code <sub>.halkyon.io/...}: a plugin could attach the object to another Capability);</li>
 *   <li>set by the API server, never by a client: {@code uid}, {@code resourceVersion},
 *       {@code generation}, {@code creationTimestamp}, {@code deletionTimestamp},
 *       {@code deletionGracePeriodSeconds}, {@code managedFields} (server-side apply's field
 *       ownership) and {@code selfLink}. An update is sent with the live object's values, so it
 *       is checked against the version the plugin was shown.</li>
 * </ul>
 */
final class OperatorMetadata {

    /** The domain of the operator's labels and annotations. */
    static final String DOMAIN = "halkyon.io";

    private OperatorMetadata() {
    }

    private record Field<T>(String name, Function<ObjectMeta, T> get, BiConsumer<ObjectMeta, T> set) {
    }

    private static final List<Field<?>> FIELDS = List.of(
            new Field<>("ownerReferences", ObjectMeta::getOwnerReferences, ObjectMeta::setOwnerReferences),
            new Field<>("finalizers", ObjectMeta::getFinalizers, ObjectMeta::setFinalizers),
            new Field<>("uid", ObjectMeta::getUid, ObjectMeta::setUid),
            new Field<>("resourceVersion", ObjectMeta::getResourceVersion, ObjectMeta::setResourceVersion),
            new Field<>("generation", ObjectMeta::getGeneration, ObjectMeta::setGeneration),
            new Field<>("creationTimestamp", ObjectMeta::getCreationTimestamp, ObjectMeta::setCreationTimestamp),
            new Field<>("deletionTimestamp", ObjectMeta::getDeletionTimestamp, ObjectMeta::setDeletionTimestamp),
            new Field<>("deletionGracePeriodSeconds", ObjectMeta::getDeletionGracePeriodSeconds,
                    ObjectMeta::setDeletionGracePeriodSeconds),
            new Field<>("managedFields", ObjectMeta::getManagedFields, ObjectMeta::setManagedFields),
            new Field<>("selfLink", ObjectMeta::getSelfLink, ObjectMeta::setSelfLink));

    /**
     * Gives {@code meta} (a plugin's object) the values of {@code live} ({@code null} for an
     * object to create) for every field a plugin does not set; returns what the plugin had put
     * there (set, and not to the live value), as field names and {@code label KEY} /
     * {@code annotation KEY}. Leaving a field out is not putting something there.
     */
    static List<String> reset(ObjectMeta meta, ObjectMeta live) {
        List<String> dropped = new ArrayList<>();
        for (Field<?> field : FIELDS) {
            reset(field, meta, live, dropped);
        }
        meta.setLabels(resetPrefixed("label", meta.getLabels(), live == null ? null : live.getLabels(), dropped));
        meta.setAnnotations(resetPrefixed("annotation", meta.getAnnotations(),
                live == null ? null : live.getAnnotations(), dropped));
        return dropped;
    }

    private static <T> void reset(Field<T> field, ObjectMeta meta, ObjectMeta live, List<String> dropped) {
        T wanted = live == null ? null : field.get().apply(live);
        T had = field.get().apply(meta);
        if (unsetIfEmpty(had) != null && !Objects.equals(had, wanted)) {
            dropped.add(field.name());
        }
        field.set().accept(meta, wanted);
    }

    /** Empty lists and maps count as unset: fabric8 models start with them. */
    private static Object unsetIfEmpty(Object value) {
        return value instanceof List<?> l && l.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty() ? null : value;
    }

    private static Map<String, String> resetPrefixed(String what, Map<String, String> had, Map<String, String> live,
                                                     List<String> dropped) {
        Map<String, String> result = new LinkedHashMap<>();
        if (had != null) {
            had.forEach((key, value) -> {
                if (!isOperators(key)) {
                    result.put(key, value);
                } else if (live == null || !Objects.equals(live.get(key), value)) {
                    dropped.add(what + " " + key);
                }
            });
        }
        if (live != null) {
            live.forEach((key, value) -> {
                if (isOperators(key)) {
                    result.put(key, value);
                }
            });
        }
        return result;
    }

    /** Whether {@code key} is under the operator's prefix: {@code halkyon.io/...} or {@code <sub>.halkyon.io/...}. */
    static boolean isOperators(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String prefix = key.substring(0, slash).toLowerCase(Locale.ROOT);
        return prefix.equals(DOMAIN) || prefix.endsWith("." + DOMAIN);
    }
}
