package io.halkyon.plugin.sdk.remote;

import java.nio.file.Path;
import java.time.Duration;

/** A remote plugin program for {@link RemotePluginServeTest}: {@code <target> <token file>}. */
public final class RemotePluginMain {

    public static void main(String[] args) {
        RemotePlugin.serve(RemotePluginConfig.builder().name("process-plugin").version("0.0.1").target(args[0])
                .plaintext().tokenFile(Path.of(args[1])).services(new TestService())
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(200)).build());
    }
}
