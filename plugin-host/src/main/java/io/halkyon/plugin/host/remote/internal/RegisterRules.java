package io.halkyon.plugin.host.remote.internal;

import io.halkyon.plugin.host.fetch.internal.LogText;
import io.halkyon.plugin.proto.pluginframework.v1.PluginRegister;
import java.util.Optional;
import java.util.regex.Pattern;

/** The bounds of a {@code register} message (docs/protocol.md, 14.2), written once. */
final class RegisterRules {

    static final int MAX_SERVICES = 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,63}");
    private static final Pattern VERSION = Pattern.compile("[\\x20-\\x7e]{0,64}");
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9._]{1,255}");

    private RegisterRules() {
    }

    /** What is wrong with {@code register}, naming the field; empty when it is valid. */
    static Optional<String> problem(PluginRegister register) {
        if (!NAME.matcher(register.getName()).matches()) {
            return Optional.of("register.name must be 1 to 63 characters of A-Z a-z 0-9 . _ -, was "
                    + LogText.quote(register.getName()));
        }
        if (!VERSION.matcher(register.getVersion()).matches()) {
            return Optional.of("register.version must be at most 64 printable ASCII characters, was "
                    + LogText.quote(register.getVersion()));
        }
        if (register.getServicesCount() > MAX_SERVICES) {
            return Optional.of("register.services must list at most " + MAX_SERVICES + " services, listed "
                    + register.getServicesCount());
        }
        for (String service : register.getServicesList()) {
            if (!SERVICE.matcher(service).matches()) {
                return Optional.of("register.services must be full gRPC service names (1 to 255 characters of "
                        + "A-Z a-z 0-9 . _), had " + LogText.quote(service));
            }
        }
        return Optional.empty();
    }
}
