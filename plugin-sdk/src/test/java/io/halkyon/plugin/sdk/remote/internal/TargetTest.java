package io.halkyon.plugin.sdk.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void hostPortAndUnixSocketsAreParsedWithoutResolving() {
        assertThat(Target.parse("operator.ns.svc:8443")).isEqualTo(new Target("operator.ns.svc:8443", null,
                "operator.ns.svc", 8443));
        assertThat(Target.parse("[fd00::1]:9000")).isEqualTo(new Target("[fd00::1]:9000", null, "fd00::1", 9000));
        assertThat(Target.parse("unix:/run/op.sock")).isEqualTo(new Target("unix:/run/op.sock", "/run/op.sock", null, 0));
    }

    @Test
    void onlyUnixSocketsAndLoopbackAreLocal() {
        assertThat(Target.parse("unix:/run/op.sock").isLocal()).isTrue();
        assertThat(Target.parse("localhost:1").isLocal()).isTrue();
        assertThat(Target.parse("127.0.0.1:1").isLocal()).isTrue();
        assertThat(Target.parse("[::1]:1").isLocal()).isTrue();
        assertThat(Target.parse("10.0.0.1:1").isLocal()).isFalse();
        assertThat(Target.parse("127.example.com:1").isLocal()).isFalse();
        assertThat(Target.parse("operator:1").isLocal()).isFalse();
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> Target.parse("operator:0")).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> Target.parse("op erator:1")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> Target.parse("dns:///operator:1")).hasMessageContaining("not a URL");
        assertThatThrownBy(() -> Target.parse("unix:")).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> Target.parse("::1:8443")).hasMessageContaining("[address]:port");
    }
}
