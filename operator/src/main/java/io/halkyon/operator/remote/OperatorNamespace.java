package io.halkyon.operator.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace the operator runs in, where admins grant remote plugins their names
 * ({@link KubernetesAccess}): the {@code POD_NAMESPACE} environment variable (set it from the
 * downward API), else the in-cluster ServiceAccount's namespace file, else {@code default}.
 */
public final class OperatorNamespace {

    /** The environment variable read first. */
    public static final String ENV = "POD_NAMESPACE";
    /** The namespace file Kubernetes mounts into a pod with its ServiceAccount token. */
    public static final Path IN_CLUSTER_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    /** The namespace when neither says. */
    public static final String FALLBACK = "default";

    private static final Logger log = LoggerFactory.getLogger(OperatorNamespace.class);

    private OperatorNamespace() {
    }

    /** The operator's namespace, as the class comment says. */
    public static String current() {
        return resolve(System.getenv(ENV), IN_CLUSTER_FILE);
    }

    static String resolve(String fromEnv, Path file) {
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        if (Files.isRegularFile(file)) {
            try {
                String fromFile = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!fromFile.isEmpty()) {
                    return fromFile;
                }
            } catch (IOException e) {
                log.warn("remote plugins: cannot read the operator's namespace from {} ({}); using '{}'", file, e,
                        FALLBACK);
            }
        }
        return FALLBACK;
    }
}
