package io.halkyon.examples.kv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The programs under test: the two jars built by this module and the Go programs from {@link GoToolchain}. */
final class Programs {

    /** Which implementation plays a part. */
    enum Side { JAVA, GO }

    private Programs() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path pluginJar() {
        return Path.of(System.getProperty("kv.plugin.jar"));
    }

    static Path hostJar() {
        return Path.of(System.getProperty("kv.host.jar"));
    }

    /** The KV plugin's command line. */
    static List<String> kvPlugin(Side side) {
        return side == Side.JAVA ? List.of(java(), "-jar", pluginJar().toString())
                : List.of(GoToolchain.binary("go-kv-plugin").toString());
    }

    /** The counter plugin's command line; the Java one ships in the plugin jar. */
    static List<String> counterPlugin(Side side) {
        return side == Side.JAVA ? List.of(java(), "-cp", pluginJar().toString(), CounterPluginMain.class.getName())
                : List.of(GoToolchain.binary("go-counter-plugin").toString());
    }

    /** The KV host's command line with {@code args}. */
    static List<String> kvHost(Side side, List<String> args) {
        List<String> command = new ArrayList<>(side == Side.JAVA ? List.of(java(), "-jar", hostJar().toString())
                : List.of(GoToolchain.binary("go-kv-host").toString()));
        command.addAll(args);
        return command;
    }

    /** What identifies a plugin's processes: its jar or its Go program, unique to this build. */
    static String marker(List<String> pluginCommand) {
        return pluginCommand.stream().filter(a -> a.endsWith(".jar")).findFirst().orElse(pluginCommand.get(0));
    }
}
