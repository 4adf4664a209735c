package io.halkyon.plugin.api;

/**
 * A plugin file does not have the SHA-256 digest it was expected to have: a downloaded artifact
 * (pinned in the reference with {@code #sha256=...}, or listed in its release's checksums file;
 * nothing of it is kept, and {@link #pluginName()} is the plugin reference), or an executable
 * whose digest a host pinned before running it (nothing runs; {@link #pluginName()} is the
 * plugin's name).
 */
public class PluginChecksumException extends PluginException {

    private final String expectedSha256;
    private final String actualSha256;

    /**
     * @param reference      the plugin reference as written (e.g. in {@code HALKYON_PLUGINS}), or the plugin's name
     * @param message        names the reference or plugin, the file and where the expectation came from
     * @param expectedSha256 the expected digest, lowercase hex
     * @param actualSha256   the digest of what was downloaded, lowercase hex
     */
    public PluginChecksumException(String reference, String message, String expectedSha256, String actualSha256) {
        super(reference, message);
        this.expectedSha256 = expectedSha256;
        this.actualSha256 = actualSha256;
    }

    /** The expected SHA-256, lowercase hex. */
    public String expectedSha256() {
        return expectedSha256;
    }

    /** The SHA-256 of the downloaded bytes, lowercase hex. */
    public String actualSha256() {
        return actualSha256;
    }
}
