package io.halkyon.plugin.host.fetch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlFormatAndSeparatorCharactersAreEscapedOthersKept() {
        assertThat(LogText.quote("a\nb\r\u0000\u001b[2J\u0085\u2028\u202e\u200bé日本"))
                .isEqualTo("'a\\u000ab\\u000d\\u0000\\u001b[2J\\u0085\\u2028\\u202e\\u200bé日本'");
        assertThat(LogText.quote("lone \ud800 surrogate")).isEqualTo("'lone \\ud800 surrogate'");
        assertThat(LogText.hasUnsafe("plain-name_1.0.jar")).isFalse();
        assertThat(LogText.hasUnsafe("tab\there")).isTrue();
    }

    @Test
    void longTextIsCutWithItsLength() {
        assertThat(LogText.escape("x".repeat(1000))).isEqualTo("x".repeat(256) + "... (1000 characters)");
    }
}
