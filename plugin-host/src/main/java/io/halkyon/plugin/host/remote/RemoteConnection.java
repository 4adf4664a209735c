package io.halkyon.plugin.host.remote;

import java.time.Instant;
import java.util.List;

/**
 * One connected replica of a {@link RemotePlugin}, as it is now.
 *
 * @param peer          the peer's address as the transport saw it (a pod IP and port)
 * @param identity      who its token says it is (a ServiceAccount)
 * @param version       the version it registered with
 * @param services      the services it said it serves; empty when it did not say
 * @param since         when its stream opened
 * @param callsInFlight calls sent to it and not answered, plus those waiting their turn
 */
public record RemoteConnection(String peer, PeerIdentity identity, String version, List<String> services,
                               Instant since, int callsInFlight) {

    public RemoteConnection {
        services = List.copyOf(services);
    }
}
