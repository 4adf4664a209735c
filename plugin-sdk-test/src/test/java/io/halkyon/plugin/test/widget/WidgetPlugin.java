package io.halkyon.plugin.test.widget;

import io.halkyon.plugin.sdk.PluginServer;

/** The widget plugin as a process. */
public final class WidgetPlugin {

    private WidgetPlugin() {
    }

    public static void main(String[] args) {
        PluginServer.serve(new WidgetResource());
    }
}
