package io.halkyon.plugin.host.testplugin;

/** Main class of the test jar plugins: the {@code java-options} scenario, which prints its JVM's options. */
public final class JarMain {

    private JarMain() {
    }

    public static void main(String[] args) throws Exception {
        ScenarioPlugin.main(new String[] {"java-options"});
    }
}
