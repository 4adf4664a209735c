package io.halkyon.plugin.proto.internal.remote;

import io.halkyon.plugin.proto.pluginframework.v1.PluginRegister;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bounds of {@code docs/protocol.md} section 14 on what the stream carries, the only place
 * they are set: the fields of {@code register} (14.2) and a call's {@code request_id} (14.3).
 * Every problem is one line naming the field, quoting the value (cut and escaped: it may come
 * from a hostile peer) and saying what was expected.
 */
public final class StreamRules {

    /** Longest plugin name. */
    public static final int MAX_NAME_LENGTH = 63;
    /** Longest plugin version. */
    public static final int MAX_VERSION_LENGTH = 64;
    /** Most services one registration may list. */
    public static final int MAX_SERVICES = 32;
    /** Longest full service name. */
    public static final int MAX_SERVICE_NAME_LENGTH = 255;
    /** Longest request id. */
    public static final int MAX_REQUEST_ID_LENGTH = 64;
    /** The extensions level of section 14.3 that both sides of this repository speak. */
    public static final int EXTENSIONS = 1;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NAME_LENGTH + "}");
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9._]{1," + MAX_SERVICE_NAME_LENGTH + "}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]*");
    private static final int QUOTED_LENGTH = 80;

    private StreamRules() {
    }

    /** The first problem of a {@code register}, naming the field; empty when it keeps every rule. */
    public static Optional<String> problem(PluginRegister register) {
        return nameProblem(register.getName())
                .or(() -> versionProblem(register.getVersion()))
                .or(() -> servicesProblem(register.getServicesList()));
    }

    /** {@code name}: 1 to 63 characters of {@code A-Z a-z 0-9 . _ -}. */
    public static Optional<String> nameProblem(String name) {
        return NAME.matcher(name).matches() ? Optional.empty() : Optional.of("name " + quote(name)
                + ": expected 1 to " + MAX_NAME_LENGTH + " characters of A-Z a-z 0-9 . _ -");
    }

    /** {@code version}: at most 64 printable ASCII characters, may be empty. */
    public static Optional<String> versionProblem(String version) {
        return version.length() <= MAX_VERSION_LENGTH && PRINTABLE.matcher(version).matches() ? Optional.empty()
                : Optional.of("version " + quote(version) + ": expected at most " + MAX_VERSION_LENGTH
                        + " printable ASCII characters");
    }

    /** {@code services}: at most 32 full service names, each 1 to 255 of {@code A-Z a-z 0-9 . _}. */
    public static Optional<String> servicesProblem(List<String> services) {
        if (services.size() > MAX_SERVICES) {
            return Optional.of("services: " + services.size() + " of them; expected at most " + MAX_SERVICES);
        }
        for (int i = 0; i < services.size(); i++) {
            String service = services.get(i);
            if (!SERVICE.matcher(service).matches()) {
                return Optional.of("services[" + i + "] " + quote(service) + ": expected a full gRPC service name of 1 to "
                        + MAX_SERVICE_NAME_LENGTH + " characters of A-Z a-z 0-9 . _");
            }
        }
        return Optional.empty();
    }

    /** {@code request_id}: 1 to 64 printable ASCII characters. */
    public static Optional<String> requestIdProblem(String requestId) {
        return !requestId.isEmpty() && requestId.length() <= MAX_REQUEST_ID_LENGTH
                && PRINTABLE.matcher(requestId).matches() ? Optional.empty()
                : Optional.of("request_id " + quote(requestId) + ": expected 1 to " + MAX_REQUEST_ID_LENGTH
                        + " printable ASCII characters");
    }

    /**
     * {@code value} in single quotes for a message or log line: control and non-ASCII characters
     * escaped as {@code \\uXXXX}, cut after 80 characters with the full length said.
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), QUOTED_LENGTH) + 24).append('\'');
        for (int i = 0; i < Math.min(value.length(), QUOTED_LENGTH); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\'' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('\'');
        if (value.length() > QUOTED_LENGTH) {
            out.append(" (cut, ").append(value.length()).append(" characters)");
        }
        return out.toString();
    }
}
