package io.halkyon.operator.observe;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugin names as metric tag values, bounded: a plugin's name comes from a file name or a remote
 * registration, and each distinct tag value is a new time series. A name of
 * {@code [A-Za-z0-9._-]{1,63}} is kept as it is; any other character becomes {@code _} and the
 * name is cut to 63 characters. At most {@link #MAX_PLUGINS} distinct values are handed out; the
 * names after that share the value {@link #OTHER}, logged once.
 */
final class PluginTags {

    /** Most distinct plugin tag values. */
    static final int MAX_PLUGINS = 200;
    /** The tag of the plugins past {@link #MAX_PLUGINS}. */
    static final String OTHER = "_other";

    private static final Logger log = LoggerFactory.getLogger(PluginTags.class);
    private static final int MAX_LENGTH = 63;
    private static final Pattern OUTSIDE = Pattern.compile("[^A-Za-z0-9._-]");

    private final ConcurrentHashMap<String, String> tags = new ConcurrentHashMap<>();
    private final int max;
    private volatile boolean warned;

    PluginTags() {
        this(MAX_PLUGINS);
    }

    PluginTags(int max) {
        this.max = max;
    }

    /** The tag value of {@code pluginName}: the same for the same name, for as long as this lives. */
    String of(String pluginName) {
        String tag = tags.get(pluginName);
        if (tag != null) {
            return tag;
        }
        synchronized (this) {
            tag = tags.get(pluginName);
            if (tag != null) {
                return tag;
            }
            if (tags.size() >= max) {
                if (!warned) {
                    warned = true;
                    log.warn("plugin '{}': metrics of more than {} plugins are counted together under plugin=\"{}\"",
                            clean(pluginName), max, OTHER);
                }
                return OTHER;
            }
            tag = clean(pluginName);
            tags.put(pluginName, tag);
            return tag;
        }
    }

    private static String clean(String name) {
        String cleaned = name == null || name.isEmpty() ? "_" : OUTSIDE.matcher(name).replaceAll("_");
        return cleaned.length() > MAX_LENGTH ? cleaned.substring(0, MAX_LENGTH) : cleaned;
    }
}
