package io.halkyon.plugin.sdk.remote.internal;

import io.halkyon.plugin.api.PluginException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a rotated token: reads the token file (a few hundred bytes, so reading is as cheap as
 * a stat) and says whether it now holds another token than the open stream's, and not one the
 * operator already refused. Only a digest of a refused token is kept; no token is logged.
 */
final class TokenWatch {

    private static final Logger log = LoggerFactory.getLogger(TokenWatch.class);

    private final String pluginName;
    private final TokenSource tokens;
    private byte[] refused;
    private String lastProblem;

    TokenWatch(String pluginName, TokenSource tokens) {
        this.pluginName = pluginName;
        this.tokens = tokens;
    }

    /**
     * The token now in the file when it differs from {@code inUse} and from the last refused one;
     * null otherwise, and when the file cannot be read (logged once per problem: the open stream
     * goes on with its token).
     */
    synchronized String changed(String inUse) {
        String now;
        try {
            now = tokens.read(pluginName);
        } catch (PluginException e) {
            if (!e.getMessage().equals(lastProblem)) {
                lastProblem = e.getMessage();
                log.warn("{}; the open stream goes on with the token it has", e.getMessage());
            }
            return null;
        }
        lastProblem = null;
        if (now == null || now.equals(inUse) || MessageDigest.isEqual(digest(now), refused)) {
            return null;
        }
        return now;
    }

    /** The operator refused {@code token}: it is not tried again until the file holds another one. */
    synchronized void refused(String token) {
        refused = digest(token);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
