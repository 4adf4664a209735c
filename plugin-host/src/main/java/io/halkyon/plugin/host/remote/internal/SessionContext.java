package io.halkyon.plugin.host.remote.internal;

import io.halkyon.plugin.host.remote.RemoteAccess;
import io.halkyon.plugin.host.remote.RemotePluginServerConfig;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every session of one server shares.
 *
 * @param config    the server's settings
 * @param access    the access check of new streams (cached)
 * @param fresh     the same check without the cache, for open streams
 * @param timers    register timeouts, call deadlines, re-checks
 * @param work      reviews and admissions (they may block)
 * @param callbacks call listeners that brought no executor
 * @param admission where admitted sessions go
 */
public record SessionContext(RemotePluginServerConfig config, RemoteAccess access, RemoteAccess fresh,
                             ScheduledExecutorService timers, Executor work, Executor callbacks,
                             Admission admission) {
}
