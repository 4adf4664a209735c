package io.halkyon.plugin.sdk.logging.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** One {@link JsonLogger} per name, all writing through one {@link JsonLogWriter}. */
public final class JsonLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final JsonLogWriter writer;

    public JsonLoggerFactory(JsonLogWriter writer) {
        this.writer = writer;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new JsonLogger(n, writer));
    }
}
