package io.halkyon.plugin.sdk.it;

import io.halkyon.plugin.sdk.PluginNetwork;
import io.halkyon.plugin.sdk.PluginServer;
import io.halkyon.plugin.sdk.ServeConfig;

/**
 * The helper process of the integration tests. Scenarios (first argument):
 * {@code serve} (defaults), {@code tcp} (config asks for TCP), {@code versions12}
 * (speaks app versions 1 and 2), {@code noisy} (prints on System.out while starting),
 * {@code broken} (its types() throws), {@code launcher} (starts {@code serve} as its own child
 * sharing its stdout and stderr, prints {@code pid=<child pid>} and waits: the tests kill
 * this launcher), {@code generic} (no Capability: {@link EchoService} for versions 1 and 3 under
 * its own cookie), {@code empty} (nothing to serve).
 */
public final class TestPluginMain {

    static final String NOISE = "noise printed by plugin code while the plugin starts";

    public static void main(String[] args) throws Exception {
        String scenario = args.length == 0 ? "serve" : args[0];
        ServeConfig config = ServeConfig.defaults();
        switch (scenario) {
            case "serve":
                PluginServer.serve(new TestPlugin(), config);
                break;
            case "tcp":
                PluginServer.serve(new TestPlugin(), config.toBuilder().network(PluginNetwork.TCP).build());
                break;
            case "versions12":
                PluginServer.serve(new TestPlugin(), config.toBuilder().appVersions(1, 2).build());
                break;
            case "noisy":
                PluginServer.serve(new TestPlugin() {
                    @Override
                    public String category() {
                        System.out.println(NOISE);
                        return super.category();
                    }
                }, config);
                break;
            case "broken":
                PluginServer.serve(new TestPlugin() {
                    @Override
                    public java.util.List<io.halkyon.plugin.api.TypeInfo> types() {
                        throw new IllegalStateException("types are not configured");
                    }
                }, config);
                break;
            case "generic":
                // No Capability: its own cookie, two versions with their own services.
                PluginServer.serve(ServeConfig.builder().name("echo").cookie(GenericServeTest.COOKIE_KEY,
                                GenericServeTest.COOKIE_VALUE)
                        .plugins(1, new EchoService("v1:"))
                        .plugins(3, broker -> java.util.List.of(new EchoService("v3:")))
                        .build());
                break;
            case "empty":
                PluginServer.serve(ServeConfig.builder().name("empty").cookie(GenericServeTest.COOKIE_KEY,
                        GenericServeTest.COOKIE_VALUE).build());
                break;
            case "launcher":
                launch();
                break;
            default:
                throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    private static void launch() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(PluginProcess.javaCommand("serve"));
        // The plugin shares this launcher's stdout and stderr, so the test sees its handshake.
        builder.inheritIO();
        Process plugin = builder.start();
        System.out.println("pid=" + plugin.pid());
        System.out.flush();
        plugin.waitFor();
    }
}
