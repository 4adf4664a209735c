package io.halkyon.plugin.sdk.logging;

import io.halkyon.plugin.sdk.logging.internal.JsonLogWriter;
import io.halkyon.plugin.sdk.logging.internal.JsonLoggerFactory;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J 2 provider of this artifact: every SLF4J logger of a plugin writes one go-plugin
 * (hclog) JSON line per event on stderr, which go-plugin hosts and Halkyon's re-log under the
 * plugin's name at the event's level. SLF4J finds it through {@code META-INF/services}: a plugin
 * only puts this jar on its runtime classpath, beside no other SLF4J provider, and names this class
 * nowhere.
 *
 * <p>The level threshold comes from the environment variable {@code HALKYON_PLUGIN_LOG_LEVEL}
 * ({@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error} or {@code off}; default
 * {@code info}, which an unknown value also gives, with a warning line saying so). The format is
 * described in {@link io.halkyon.plugin.sdk.logging}.
 */
public final class JsonServiceProvider implements SLF4JServiceProvider {

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    /** Called by SLF4J's service loader. */
    public JsonServiceProvider() {
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        loggerFactory = new JsonLoggerFactory(JsonLogWriter.stderr());
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new NOPMDCAdapter();
    }
}
