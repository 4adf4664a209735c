package io.halkyon.plugin.host.remote.internal;

import io.grpc.Status;

/** Where authorized sessions become replicas of a named plugin, and leave it. */
public interface Admission {

    /**
     * Makes {@code session} a replica of its plugin; may call the plugin through
     * {@link Session#channel()} first (GetInfo).
     *
     * @throws io.grpc.StatusRuntimeException with the status the stream ends with, when refused
     */
    void admit(Session session);

    /** {@code session}, admitted before, ended with {@code why}. */
    void removed(Session session, Status why);
}
