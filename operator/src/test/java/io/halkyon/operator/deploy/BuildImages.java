package io.halkyon.operator.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The images the build names: the parent pom's {@code image.*} properties, written by Maven into
 * the filtered test resource {@code images.properties}.
 */
record BuildImages(String registry, String operatorName, String postgresPluginName, String tag, String version) {

    static BuildImages load() {
        Properties p = new Properties();
        try (InputStream in = BuildImages.class.getResourceAsStream("/images.properties")) {
            if (in == null) {
                throw new IllegalStateException("images.properties is not on the test classpath (filtered from"
                        + " src/test/resources-filtered by the build)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildImages(p.getProperty("registry"), p.getProperty("operator"), p.getProperty("postgresPlugin"),
                p.getProperty("tag"), p.getProperty("version"));
    }

    String operator() {
        return registry + "/" + operatorName + ":" + tag;
    }

    String postgresPlugin() {
        return registry + "/" + postgresPluginName + ":" + tag;
    }
}
