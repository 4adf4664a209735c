package io.halkyon.plugin.proto.internal.broker;

import io.halkyon.plugin.proto.goplugin.ConnInfo;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the peer offers, as it arrives on the stream's reader thread: checked, held for a
 * dial, or dropped with a (rate-limited) warning. Never blocks.
 */
final class OfferIntake {

    /** Unclaimed offers from the peer kept at most; the rest are dropped with a warning. */
    static final int MAX_PENDING_OFFERS = 64;
    /** Warnings about dropped offers: at most this many per {@link #WARNING_WINDOW_NANOS}. */
    static final int WARNINGS_PER_WINDOW = 10;
    static final long WARNING_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger log = LoggerFactory.getLogger(OfferIntake.class);

    private final String pluginName;
    private final String peer;
    private final PendingOffers pending;
    private final WarningLimiter warnings = new WarningLimiter(WARNINGS_PER_WINDOW, WARNING_WINDOW_NANOS,
            System::nanoTime);
    private final AtomicLong received = new AtomicLong();

    OfferIntake(String pluginName, String peer, Duration ttl) {
        this.pluginName = pluginName;
        this.peer = peer;
        this.pending = new PendingOffers(MAX_PENDING_OFFERS, ttl.toNanos(), System::nanoTime);
    }

    void receive(ConnInfo info) {
        received.incrementAndGet();
        String problem = ConnInfoCheck.problem(info);
        if (problem != null) {
            drop(info, problem);
            return;
        }
        switch (pending.offer(info)) {
            case DUPLICATE -> drop(info, "an unclaimed offer for that id is held already");
            case FULL -> drop(info, MAX_PENDING_OFFERS + " unclaimed offers are held already");
            case CLOSED -> log.debug("plugin '{}': broker: closed, ignoring the {}'s offer of id {}",
                    pluginName, peer, Broker.unsigned(info.getServiceId()));
            default -> log.debug("plugin '{}': broker: the {} offers id {} at {} {}", pluginName, peer,
                    Broker.unsigned(info.getServiceId()), info.getNetwork(), info.getAddress());
        }
    }

    /** See {@link PendingOffers#claim}. */
    ConnInfo claim(int id, Duration timeout)
            throws PendingOffers.ClosedException, PendingOffers.BusyException, InterruptedException {
        return pending.claim(id, timeout.toNanos());
    }

    void close() {
        pending.close();
    }

    int held() {
        return pending.heldCount();
    }

    int waitingDials() {
        return pending.waitingCount();
    }

    long received() {
        return received.get();
    }

    private void drop(ConnInfo info, String why) {
        long leftOut = warnings.admit();
        if (leftOut >= 0) {
            log.warn("plugin '{}': broker: dropped a connection offer from the {} for id {}: {}{}", pluginName,
                    peer, Broker.unsigned(info.getServiceId()), why,
                    leftOut == 0 ? "" : " (" + leftOut + " earlier drops not logged)");
        }
    }
}
