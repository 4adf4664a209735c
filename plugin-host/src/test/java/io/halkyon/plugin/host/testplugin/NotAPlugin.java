package io.halkyon.plugin.host.testplugin;

/** The main class of a jar that is not a plugin: it prints nothing and exits with 0. */
public final class NotAPlugin {

    private NotAPlugin() {
    }

    public static void main(String[] args) {
        // nothing: a tool, a library's demo, anything but a plugin
    }
}
