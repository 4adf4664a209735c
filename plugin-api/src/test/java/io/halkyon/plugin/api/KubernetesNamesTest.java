package io.halkyon.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The API server's name rules, with its wording, and values an attacker would try. */
class KubernetesNamesTest {

    @Test
    void aLabelIsLowerCaseAlphanumericAndDashesOfAtMost63() {
        assertThat(KubernetesNames.checkLabel("f", "my-name")).isEmpty();
        assertThat(KubernetesNames.checkLabel("f", "a".repeat(63))).isEmpty();
        assertThat(KubernetesNames.checkLabel("f", "a".repeat(64))).contains("f: Invalid value: \""
                + "a".repeat(63) + "...\" (64 characters): must be no more than 63 characters");
        assertThat(KubernetesNames.checkLabel("f", "")).contains("f: Required value");
        assertThat(KubernetesNames.checkLabel("f", null)).contains("f: Required value");
        assertThat(KubernetesNames.checkLabel("metadata.namespace", "a.b")).contains(
                "metadata.namespace: Invalid value: \"a.b\": must not contain dots");
        assertThat(KubernetesNames.checkLabel("category", "Evil/../Cat egory")).contains("category: Invalid value:"
                + " \"Evil/../Cat egory\": a lowercase RFC 1123 label must consist of lower case alphanumeric"
                + " characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or"
                + " '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
        assertThat(KubernetesNames.checkLabel("f", "-a")).isPresent();
        assertThat(KubernetesNames.checkLabel("f", "a-")).isPresent();
    }

    @Test
    void aSubdomainIsDotSeparatedLabelsOfAtMost253() {
        assertThat(KubernetesNames.checkSubdomain("metadata.name", "shop-db.v2")).isEmpty();
        assertThat(KubernetesNames.checkSubdomain("metadata.name", "a".repeat(253))).isEmpty();
        assertThat(KubernetesNames.checkSubdomain("metadata.name", "a".repeat(254)).orElseThrow())
                .endsWith("(254 characters): must be no more than 253 characters");
        assertThat(KubernetesNames.checkSubdomain("metadata.name", "Bad_Name")).contains("metadata.name: Invalid"
                + " value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                + " characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
                + " regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThat(KubernetesNames.checkSubdomain("metadata.name", "a..b")).isPresent();
    }

    @Test
    void aLabelValueMayBeEmptyAndAllowsUpperCaseUnderscoresAndDots() {
        assertThat(KubernetesNames.checkLabelValue("v", "")).isEmpty();
        assertThat(KubernetesNames.checkLabelValue("v", "1.0.0-RC_1")).isEmpty();
        assertThat(KubernetesNames.checkLabelValue("v", "1.0+build")).contains("v: Invalid value: \"1.0+build\": a"
                + " valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and"
                + " must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345',"
                + " regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    }

    @Test
    void aRefusedValueIsQuotedOnOneLine() {
        assertThat(KubernetesNames.checkLabel("f", "a\nINFO forged\t\"x\"\u0007").orElseThrow())
                .startsWith("f: Invalid value: \"a\\nINFO forged\\t\\\"x\\\"\\u0007\": ").doesNotContain("\n");
    }
}
