package io.halkyon.plugin.host.remote.internal;

import io.halkyon.plugin.api.PluginAccessException;
import io.halkyon.plugin.host.fetch.internal.Digests;
import io.halkyon.plugin.host.remote.PeerIdentity;
import io.halkyon.plugin.host.remote.RemoteAccess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Answers of a {@link RemoteAccess} reused for a while: identities and refusals alike (so a flood
 * of bad tokens does not become a flood of reviews), never a failure to check. Tokens are kept
 * only as their SHA-256. At most {@value #MAX_ENTRIES} answers, the least recently used dropped.
 */
public final class CachedAccess implements RemoteAccess {

    static final int MAX_ENTRIES = 1024;

    private record Answer(long expiresNanos, Object value) {
    }

    private final RemoteAccess delegate;
    private final long ttlNanos;
    private final LongSupplier nanos;
    private final Map<String, Answer> answers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** {@code delegate}'s answers, each reused for {@code ttl}. */
    public static CachedAccess of(RemoteAccess delegate, Duration ttl) {
        return new CachedAccess(delegate, ttl, System::nanoTime);
    }

    CachedAccess(RemoteAccess delegate, Duration ttl, LongSupplier nanos) {
        this.delegate = delegate;
        this.ttlNanos = ttl.toNanos();
        this.nanos = nanos;
    }

    @Override
    public PeerIdentity authenticate(String token) {
        return (PeerIdentity) answer("token\0" + Digests.sha256Hex(token), () -> delegate.authenticate(token));
    }

    @Override
    public void authorize(PeerIdentity identity, String pluginName) {
        answer("may\0" + identity.username() + '\0' + identity.uid() + '\0' + identity.groups() + '\0' + pluginName,
                () -> {
                    delegate.authorize(identity, pluginName);
                    return Boolean.TRUE;
                });
    }

    private Object answer(String key, Supplier<Object> ask) {
        long now = nanos.getAsLong();
        Answer cached;
        synchronized (answers) {
            cached = answers.get(key);
        }
        if (cached == null || now - cached.expiresNanos() >= 0) {
            Object value;
            try {
                value = ask.get();
            } catch (PluginAccessException refused) {
                value = refused;
            }
            cached = new Answer(now + ttlNanos, value);
            synchronized (answers) {
                answers.put(key, cached);
            }
        }
        if (cached.value() instanceof PluginAccessException refused) {
            throw refused;
        }
        return cached.value();
    }
}
