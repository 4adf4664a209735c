package io.halkyon.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code --standby-plugins}: whether a replica that does not lead (leader election on) starts its
 * plugins before it leads. Without leader election every replica reconciles at once, and starts
 * its plugins at once, whatever this says.
 *
 * <p>A takeover already waits for the Lease to expire (JOSDK's lease duration, 15 s, from the
 * old leader's last renewal; the Lease is not given up on shutdown), and starting the plugins
 * then adds one plugin start to it (about 0.5 s; ten plugins about 3 s, in parallel), while
 * starting them at once holds every plugin in the memory of every replica
 * (docs/admin-guide.md, "Sizing").
 */
enum StandbyPlugins {

    /** The plugins run on every replica from its start: the fastest takeover, N plugins' memory per replica. */
    START,
    /**
     * The default: at start the plugins are fetched and their files checked (readiness then means
     * "plugins present"), and they are started on becoming leader, before reconciling.
     */
    DEFER;

    static final String OPTION = "--standby-plugins";

    /**
     * How long a new leader waits for its plugins' first start before it reconciles: JOSDK's renew
     * deadline, so that the Lease is renewed in time even when a plugin is slow to start.
     */
    static final Duration LEADER_START_WAIT = LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE;

    /** As written on the command line: {@code start}, {@code defer}. */
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the plugins wait for leadership: {@link #DEFER} with leader election on, and only then. */
    boolean deferred(boolean leaderElection) {
        return this == DEFER && leaderElection;
    }
}
