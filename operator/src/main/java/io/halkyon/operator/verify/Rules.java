package io.halkyon.operator.verify;

import java.util.List;

/** Every rule, in the order of the report. docs/conformance.md says the same in more words. */
public final class Rules {

    public static final Rule COOKIE = new Rule("handshake.cookie",
            "started without its magic cookie, it exits with a non-zero status and prints no handshake line");
    public static final Rule VERSION_UNSUPPORTED = new Rule("version.unsupported",
            "offered only app protocol versions it cannot serve, it exits with a non-zero status and prints no"
                    + " handshake line (a warning when it answers a version that was not offered, as go-plugin does:"
                    + " hosts refuse that line)");
    public static final Rule HANDSHAKE_LINE = new Rule("handshake.line",
            "it prints a well-formed handshake line (core 1, an offered app version, unix or tcp, an address, grpc,"
                    + " no certificate unless asked) within the start timeout");
    public static final Rule VERSION_NEGOTIATION = new Rule("version.negotiation",
            "offered versions it does not know besides its own, it picks the highest it serves");
    public static final Rule STRAY_STDOUT = new Rule("handshake.stray-stdout",
            "it prints nothing on stdout before the handshake line (a warning: our host skips such lines,"
                    + " go-plugin hosts refuse the plugin)");
    public static final Rule ADDRESS = new Rule("handshake.address",
            "it listens where the host may dial: a unix socket in the directory the host gave, or TCP on loopback"
                    + " within the port range");
    public static final Rule HEALTH = new Rule("health.serving",
            "grpc.health.v1 Check of service 'plugin' answers SERVING");
    public static final Rule INFO = new Rule("info.valid",
            "GetInfo answers a name, a category and types with versions within the host's bounds");
    public static final Rule VALIDITY = new Rule("capability.validity",
            "CheckValidity answers for a Capability of each category/type/version it declares");
    public static final Rule DEPENDENTS = new Rule("capability.dependents",
            "GetDependents answers for each valid Capability, within the operator's dependent limit");
    public static final Rule BUILD = new Rule("dependent.build",
            "Build answers, for each dependent the operator creates, valid JSON of the declared kind and name, in"
                    + " the Capability's namespace, of an allowed kind and within the object size limit");
    public static final Rule UPDATE = new Rule("dependent.update",
            "Update answers for each dependent the operator updates, given the built object as live; a changed"
                    + " object obeys Build's rules");
    public static final Rule CONDITION = new Rule("dependent.condition",
            "GetCondition answers Ready, Pending or Failed for each dependent checked for readiness, given the"
                    + " built object as live");
    public static final Rule SHUTDOWN = new Rule("shutdown.exits",
            "after the GRPCController Shutdown call it exits by itself");
    public static final Rule SOCKET = new Rule("shutdown.socket-removed",
            "once stopped, its unix socket file is gone");
    public static final Rule HOST_DEATH = new Rule("host-death.exits",
            "when the process that launched it is killed, it exits by itself (a warning: our host on Linux has the"
                    + " kernel kill it, other hosts do not)");
    public static final Rule AUTOMTLS = new Rule("automtls",
            "given PLUGIN_CLIENT_CERT, it serves TLS with the certificate it prints and answers health over it;"
                    + " skipped when it answers without a certificate (AutoMTLS not supported)");

    /** All rules, in report order. */
    public static final List<Rule> ALL = List.of(COOKIE, VERSION_UNSUPPORTED, HANDSHAKE_LINE, VERSION_NEGOTIATION,
            STRAY_STDOUT, ADDRESS, HEALTH, INFO, VALIDITY, DEPENDENTS, BUILD, UPDATE, CONDITION, SHUTDOWN, SOCKET,
            HOST_DEATH, AUTOMTLS);

    private Rules() {
    }
}
