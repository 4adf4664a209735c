package io.halkyon.plugin.proto.internal.broker;

import io.halkyon.plugin.proto.goplugin.ConnInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Offers received from the peer and dials waiting for them, by id, as go-plugin's
 * {@code GRPCBroker.streams}: an offer waits at most {@code ttl} for its dial, a dial at
 * most its timeout for its offer. Unlike go-plugin, the number of unclaimed offers is
 * bounded, and expiry is lazy (on the next offer or dial), so no timer thread is needed.
 * {@link #offer} never blocks: it runs on the stream's reader thread.
 */
final class PendingOffers {

    enum Outcome {
        /** Handed to a dial that was waiting for it. */
        DELIVERED,
        /** Kept for a dial to come. */
        HELD,
        /** Dropped: an unclaimed offer for the same id is already held (go-plugin keeps the first). */
        DUPLICATE,
        /** Dropped: the bound on unclaimed offers is reached. */
        FULL,
        /** Dropped: closed. */
        CLOSED
    }

    /** Thrown by {@link #claim} after {@link #close()}. */
    static final class ClosedException extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** Thrown by {@link #claim} when another claim for the same id is waiting. */
    static final class BusyException extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private record Held(ConnInfo info, long expiresAt) {
    }

    private final int maxHeld;
    private final long ttlNanos;
    private final LongSupplier clock;
    /** In arrival order, which is expiry order (one ttl for all). */
    private final LinkedHashMap<Integer, Held> held = new LinkedHashMap<>();
    private final Map<Integer, CompletableFuture<ConnInfo>> waiting = new HashMap<>();
    private boolean closed;

    PendingOffers(int maxHeld, long ttlNanos, LongSupplier clock) {
        this.maxHeld = maxHeld;
        this.ttlNanos = ttlNanos;
        this.clock = clock;
    }

    Outcome offer(ConnInfo info) {
        CompletableFuture<ConnInfo> waiter;
        synchronized (this) {
            if (closed) {
                return Outcome.CLOSED;
            }
            long now = clock.getAsLong();
            expire(now);
            int id = info.getServiceId();
            waiter = waiting.remove(id);
            if (waiter == null) {
                if (held.containsKey(id)) {
                    return Outcome.DUPLICATE;
                }
                if (held.size() >= maxHeld) {
                    return Outcome.FULL;
                }
                held.put(id, new Held(info, now + ttlNanos));
                return Outcome.HELD;
            }
        }
        waiter.complete(info); // the dial waits with get(): nothing runs on this thread
        return Outcome.DELIVERED;
    }

    /**
     * The offer for {@code id}: a held one at once, else the next to arrive within
     * {@code timeoutNanos}; null when none does.
     */
    ConnInfo claim(int id, long timeoutNanos) throws ClosedException, BusyException, InterruptedException {
        CompletableFuture<ConnInfo> waiter = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                throw new ClosedException();
            }
            expire(clock.getAsLong());
            Held offer = held.remove(id);
            if (offer != null) {
                return offer.info();
            }
            if (waiting.putIfAbsent(id, waiter) != null) {
                throw new BusyException();
            }
        }
        try {
            return waiter.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new ClosedException();
        } finally {
            synchronized (this) {
                waiting.remove(id, waiter);
            }
        }
    }

    /** Drops every held offer and fails every waiting claim. Idempotent. */
    void close() {
        List<CompletableFuture<ConnInfo>> waiters;
        synchronized (this) {
            closed = true;
            held.clear();
            waiters = new ArrayList<>(waiting.values());
            waiting.clear();
        }
        waiters.forEach(w -> w.completeExceptionally(new ClosedException()));
    }

    /** Unclaimed offers held now, expired ones not counted. */
    synchronized int heldCount() {
        expire(clock.getAsLong());
        return held.size();
    }

    /** Claims waiting now (tests). */
    synchronized int waitingCount() {
        return waiting.size();
    }

    private void expire(long now) {
        for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt() - now > 0) {
                return;
            }
            it.remove();
        }
    }
}
