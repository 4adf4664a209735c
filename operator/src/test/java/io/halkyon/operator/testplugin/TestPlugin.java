package io.halkyon.operator.testplugin;

import io.halkyon.plugin.api.AggregatePluginResource;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.sdk.PluginServer;
import java.nio.file.Path;
import java.util.List;

/**
 * A plugin for the operator's tests, category {@code test}, run with the test classpath. Its
 * argument picks the behaviour: {@code elsewhere} ({@link ElsewhereResource}: builds objects the
 * operator must refuse), {@code blocking} ({@link BlockingResource}: a call that blocks until
 * the process is killed), {@code hanging} ({@link HangingResource}: GetDependents or Build hang
 * while a file exists), {@code crashing <file>} ({@link CrashingResource}: exits soon after
 * starting while the file exists), {@code raw} ({@link RawPlugin}: no SDK, bad answers on the
 * wire), {@code broken <misbehaviours>} ({@link BrokenPlugin}: breaks chosen protocol rules, for
 * {@code plugins verify}) or {@code hostile <recordDir>} (plugin {@code test-hostile}, one type per attack on what
 * the operator reads and writes for it: {@link ReadingResource}, {@link DeniedKindResource},
 * {@link MetadataResource}, {@link ManyResource}).
 */
public final class TestPlugin {

    private TestPlugin() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "" : args[0];
        if ("raw".equals(mode)) {
            RawPlugin.main(args);
            return;
        }
        if ("broken".equals(mode)) {
            BrokenPlugin.main(args);
            return;
        }
        PluginServer.serve(resource(args));
    }

    /** The resource of a mode (all but {@code raw}), for a plugin served another way (a remote plugin). */
    public static PluginResource resource(String... args) {
        String mode = args.length == 0 ? "" : args[0];
        return switch (mode) {
            case "elsewhere" -> new ElsewhereResource();
            case "blocking" -> new BlockingResource();
            case "hanging" -> new HangingResource();
            case "hostile" -> AggregatePluginResource.named("test-hostile", List.of(
                    new ReadingResource(Path.of(args[1])), new DeniedKindResource(), new MetadataResource(),
                    new ManyResource()));
            case "crashing" -> {
                CrashingResource.crashSoonIf(args.length > 1 ? Path.of(args[1]) : null);
                yield new CrashingResource();
            }
            default -> throw new IllegalArgumentException("unknown test plugin mode '" + mode
                    + "'; expected elsewhere, blocking, hanging, crashing, hostile or raw");
        };
    }
}
