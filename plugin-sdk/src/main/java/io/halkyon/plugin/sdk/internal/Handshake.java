package io.halkyon.plugin.sdk.internal;

import io.halkyon.plugin.api.PluginProtocol;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The two ends of go-plugin's launch protocol on the plugin side: cookie and handshake line. */
public final class Handshake {

    /** go-plugin's wording, so people who run a plugin by hand get the familiar notice. */
    public static final String NOT_A_PROGRAM_MESSAGE =
            "This binary is a plugin. These are not meant to be executed directly.\n"
                    + "Please execute the program that consumes these plugins, which will\n"
                    + "load any plugins automatically\n";

    private Handshake() {
    }

    /** Whether the environment carries the magic cookie. */
    public static boolean hasCookie(Map<String, String> env, String key, String value) {
        return value.equals(env.get(key));
    }

    /**
     * {@code CORE|APP|NETWORK|ADDR|PROTOCOL|SERVERCERT\n}, e.g.
     * {@code 1|1|unix|/tmp/plugin123/plugin.sock|grpc|}; SERVERCERT is empty without AutoMTLS.
     */
    public static String line(int appVersion, String network, String address, String serverCert) {
        return PluginProtocol.CORE_PROTOCOL_VERSION + "|" + appVersion + "|" + network + "|" + address + "|grpc|"
                + serverCert + "\n";
    }

    /**
     * Writes the line to file descriptor 1 in one write, whatever {@code System.out} is at
     * that moment, and flushes it.
     */
    public static void writeToStdout(String line) throws IOException {
        // Not closed: closing would close fd 1, which a host may still be reading.
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        stdout.write(line.getBytes(StandardCharsets.UTF_8));
        stdout.flush();
    }
}
