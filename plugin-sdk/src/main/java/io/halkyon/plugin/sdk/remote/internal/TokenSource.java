package io.halkyon.plugin.sdk.remote.internal;

import io.halkyon.plugin.api.PluginException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the bearer token comes from: a file read again at every connection (the kubelet
 * rotates projected tokens), a fixed token, or none. A token is never logged nor put in a
 * message.
 */
public abstract class TokenSource {

    /** Larger than any ServiceAccount token; a larger file is not one. */
    static final int MAX_TOKEN_BYTES = 64 * 1024;

    private TokenSource() {
    }

    public static TokenSource file(Path file) {
        return new FromFile(file);
    }

    public static TokenSource fixed(String token) {
        return new Fixed(token);
    }

    public static TokenSource none() {
        return new Fixed(null);
    }

    /** What is wrong with {@code token} as a header value, without quoting it; empty when fine. */
    public static Optional<String> problem(String token) {
        if (token.isEmpty()) {
            return Optional.of("is empty");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            return Optional.of("holds characters a bearer token cannot have; expected visible ASCII (a JWT)");
        }
        return Optional.empty();
    }

    /**
     * The token to send, or null for none.
     *
     * @throws PluginException naming the plugin and the file when it cannot be read or holds no token
     */
    public abstract String read(String pluginName);

    /** The file read, if any. */
    public Optional<Path> file() {
        return Optional.empty();
    }

    /** For log lines: where the token comes from, never the token. */
    public abstract String describe();

    private static final class FromFile extends TokenSource {
        private final Path file;

        FromFile(Path file) {
            this.file = file;
        }

        @Override
        public String read(String pluginName) {
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_TOKEN_BYTES + 1);
            } catch (NoSuchFileException e) {
                throw new PluginException(pluginName, "remote plugin '" + pluginName + "': no token file " + file
                        + "; mount a projected ServiceAccount token with the operator's audience there, or configure"
                        + " another file (RemotePluginConfig tokenFile)", e);
            } catch (IOException e) {
                throw new PluginException(pluginName, "remote plugin '" + pluginName + "': cannot read the token file "
                        + file + ": " + e, e);
            }
            if (bytes.length > MAX_TOKEN_BYTES) {
                throw new PluginException(pluginName, "remote plugin '" + pluginName + "': the token file " + file
                        + " is larger than " + MAX_TOKEN_BYTES + " bytes; expected a ServiceAccount token");
            }
            String token = new String(bytes, StandardCharsets.UTF_8).strip();
            problem(token).ifPresent(problem -> {
                throw new PluginException(pluginName, "remote plugin '" + pluginName + "': the token in " + file + " "
                        + problem);
            });
            return token;
        }

        @Override
        public Optional<Path> file() {
            return Optional.of(file);
        }

        @Override
        public String describe() {
            return "token file " + file;
        }
    }

    private static final class Fixed extends TokenSource {
        private final String token;

        Fixed(String token) {
            this.token = token;
        }

        @Override
        public String read(String pluginName) {
            return token;
        }

        @Override
        public String describe() {
            return token == null ? "no token" : "a static token";
        }
    }
}
