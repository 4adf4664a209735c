package io.halkyon.plugin.host.internal;

import io.halkyon.plugin.api.PluginHandshakeException;
import io.halkyon.plugin.api.PluginProtocol;
import io.halkyon.plugin.proto.internal.net.TcpAddresses;
import java.util.List;
import java.util.regex.Pattern;

/**
 * go-plugin's handshake line, {@code CORE|APP|NETWORK|ADDR|PROTOCOL|SERVERCERT}, parsed and
 * validated.
 *
 * <p>Stray line rule: only a line whose first field is a number followed by {@code |} has the
 * handshake's shape; any other line printed before it is stray output (logged and skipped, so
 * a library that prints a banner cannot break the launch). A line with the shape is the
 * handshake and must be valid, or the launch fails quoting it.
 *
 * @param appVersion the negotiated app protocol version
 * @param network    {@code unix} or {@code tcp}
 * @param address    the socket path, or {@code host:port}
 * @param protocol   always {@code grpc} once validated
 * @param serverCert the sixth field: the plugin's AutoMTLS certificate (base64 DER), or empty;
 *                   whether one was expected is decided by {@link TlsSetup}
 */
public record Handshake(int appVersion, String network, String address, String protocol, String serverCert) {

    /** Longer sixth fields are shown by their length only: a certificate says nothing to a reader. */
    private static final int CERT_SHOWN_CHARS = 16;

    /** What every refusal of a line with the handshake's shape says, after the plugin's name. */
    public static final String INVALID_LINE = "printed an invalid handshake line";
    /** What the refusal of a line whose app version the host did not offer says. */
    public static final String NOT_OFFERED = "was not offered";

    private static final Pattern SHAPE = Pattern.compile("^\\s*\\d+\\s*\\|.*");

    /** Whether the line has the handshake's shape (a number, then {@code |}). */
    public static boolean hasShape(String line) {
        return SHAPE.matcher(line).matches();
    }

    /**
     * Validates a line with the handshake's shape.
     *
     * @throws PluginHandshakeException naming the plugin, quoting the line and saying what is wrong
     */
    public static Handshake parse(String pluginName, String line, List<Integer> offeredVersions) {
        String trimmed = line.strip();
        // SplitN(line, "|", 6) as go-plugin does: the certificate is the (unsplit) rest.
        String[] parts = trimmed.split("\\|", 6);
        if (parts.length < 4) {
            throw invalid(pluginName, line, "expected CORE|APP|NETWORK|ADDR|PROTOCOL|SERVERCERT, got "
                    + parts.length + " fields");
        }
        int core = number(pluginName, line, parts[0], "core protocol version");
        if (core != PluginProtocol.CORE_PROTOCOL_VERSION) {
            throw invalid(pluginName, line, "core protocol version " + core + " is not supported, expected "
                    + PluginProtocol.CORE_PROTOCOL_VERSION);
        }
        int app = number(pluginName, line, parts[1], "app protocol version");
        if (!offeredVersions.contains(app)) {
            throw invalid(pluginName, line, "app protocol version " + app + " " + NOT_OFFERED + "; the host offered "
                    + offeredVersions);
        }
        String network = parts[2].strip();
        String address = parts[3].strip();
        if (!network.equals("unix") && !network.equals("tcp")) {
            throw invalid(pluginName, line, "network '" + network + "' is not supported, expected unix or tcp");
        }
        if (address.isEmpty()) {
            throw invalid(pluginName, line, "the address is empty");
        }
        if (network.equals("tcp")) {
            checkHostPort(pluginName, line, address);
        }
        // go-plugin: a line without the protocol field means netrpc.
        String protocol = parts.length > 4 ? parts[4].strip() : "netrpc";
        if (!protocol.equals("grpc")) {
            throw invalid(pluginName, line, "protocol '" + protocol + "' is not supported: only grpc is supported");
        }
        return new Handshake(app, network, address, protocol, parts.length > 5 ? parts[5].strip() : "");
    }

    private static void checkHostPort(String pluginName, String line, String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw invalid(pluginName, line, "tcp address '" + address + "' is not host:port");
        }
        int port = number(pluginName, line, address.substring(colon + 1), "tcp port");
        if (port < 1 || port > 65535) {
            throw invalid(pluginName, line, "tcp port " + port + " is out of range");
        }
        // A plugin runs on this machine: the host never dials elsewhere on a plugin's word.
        String host = address.substring(0, colon);
        if (!TcpAddresses.onLoopback(host)) {
            throw invalid(pluginName, line, "tcp address '" + address + "' is not on the loopback interface"
                    + " (127.0.0.1, [::1] or localhost)");
        }
    }

    /** The host part of a tcp address (brackets of an IPv6 literal removed). */
    public String host() {
        return TcpAddresses.host(address);
    }

    /** The port of a tcp address. */
    public int port() {
        return TcpAddresses.port(address);
    }

    private static int number(String pluginName, String line, String field, String what) {
        try {
            return Integer.parseInt(field.strip());
        } catch (NumberFormatException e) {
            throw invalid(pluginName, line, what + " '" + field + "' is not a number");
        }
    }

    /** Whether the plugin answered with a certificate. */
    public boolean hasServerCert() {
        return !serverCert.isEmpty();
    }

    private static PluginHandshakeException invalid(String pluginName, String line, String problem) {
        return new PluginHandshakeException(pluginName, "plugin '" + pluginName + "' " + INVALID_LINE + " \""
                + redact(line) + "\": " + problem);
    }

    /** The line with a long sixth field replaced by its length. */
    static String redact(String line) {
        String[] parts = line.split("\\|", 6);
        if (parts.length < 6 || parts[5].strip().length() <= CERT_SHOWN_CHARS) {
            return line;
        }
        return String.join("|", java.util.Arrays.copyOf(parts, 5)) + "|<certificate, " + parts[5].strip().length()
                + " characters>";
    }
}
