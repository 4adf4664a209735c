package io.halkyon.plugin.proto;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.proto.pluginframework.v1.PluginFrameworkServiceGrpc;
import org.junit.jupiter.api.Test;

/** The protocol names plugin-api states (and the CLI's {@code version} prints) are the generated ones. */
class ProtocolNamesTest {

    @Test
    void theRemoteProtocolIsThePackageOfTheRegistrationService() {
        assertThat(PluginFrameworkServiceGrpc.SERVICE_NAME).isEqualTo(PluginProtocol.REMOTE_PROTOCOL
                + ".PluginFrameworkService");
    }
}
