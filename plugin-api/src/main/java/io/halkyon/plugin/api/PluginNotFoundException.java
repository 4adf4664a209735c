package io.halkyon.plugin.api;

/** No loaded plugin provides the requested category, type and version. */
public class PluginNotFoundException extends PluginException {

    public PluginNotFoundException(String category, String type, String message) {
        super(category + "/" + type, message);
    }
}
