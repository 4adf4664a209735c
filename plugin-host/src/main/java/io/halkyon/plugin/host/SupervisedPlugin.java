package io.halkyon.plugin.host;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.DependentCondition;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.DependentResourceConfig;
import io.halkyon.plugin.api.Plugin;
import io.halkyon.plugin.api.PluginException;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.api.UpdateResult;
import java.util.List;
import java.util.function.Function;

/**
 * The {@link Plugin} a {@link PluginManager}'s registry serves for a supervised plugin: the same
 * object across restarts. Name, version, category and types are those of the latest GetInfo.
 * Calls go to the current process when RUNNING; otherwise they fail fast: a retryable
 * {@link PluginUnavailableException} while it is UNHEALTHY, RESTARTING or STARTING again ("is
 * restarting (attempt n), retry in ..."), a non-retryable {@link PluginException} carrying the
 * cause once it is FAILED (see {@link SupervisedAccess#unavailable()}). Dependents listed by one process
 * refuse calls once another runs.
 */
final class SupervisedPlugin implements Plugin {

    private final Supervisor supervisor;

    SupervisedPlugin(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public String name() {
        return supervisor.info().name();
    }

    @Override
    public String version() {
        return supervisor.info().version();
    }

    @Override
    public String category() {
        return supervisor.info().category();
    }

    @Override
    public List<TypeInfo> types() {
        return supervisor.info().types();
    }

    @Override
    public List<String> checkValidity(Capability owner) {
        return running().checkValidity(owner);
    }

    @Override
    public List<DependentResource> readyFor(Capability owner) {
        Plugin target = running();
        return target.readyFor(owner).stream().<DependentResource>map(d -> new Dependent(target, d)).toList();
    }

    /**
     * Stops the plugin for good, as {@link PluginHandle#stop()}: its process is stopped, it is not
     * restarted, its handle ends STOPPED and the registry drops it (listeners are told). Only a
     * change of its file (under {@link PluginManager#watch}) loads it again.
     */
    @Override
    public void kill() {
        supervisor.stop();
    }

    @Override
    public String toString() {
        return "SupervisedPlugin{" + supervisor.name() + ", " + supervisor.state() + '}';
    }

    private Plugin running() {
        Plugin target = supervisor.runningPlugin();
        if (target == null) {
            throw unavailable();
        }
        return target;
    }

    PluginException unavailable() {
        return supervisor.access().unavailable();
    }

    /** A dependent bound to the process that listed it. */
    private final class Dependent implements DependentResource {
        private final Plugin origin;
        private final DependentResource delegate;

        Dependent(Plugin origin, DependentResource delegate) {
            this.origin = origin;
            this.delegate = delegate;
        }

        @Override
        public DependentKey key() {
            return delegate.key();
        }

        @Override
        public DependentResourceConfig config() {
            return delegate.config();
        }

        @Override
        public HasMetadata build() {
            return call(DependentResource::build);
        }

        @Override
        public UpdateResult update(HasMetadata live) {
            return call(d -> d.update(live));
        }

        @Override
        public DependentCondition condition(HasMetadata live) {
            return call(d -> d.condition(live));
        }

        @Override
        public String toString() {
            return delegate.toString();
        }

        private <T> T call(Function<DependentResource, T> call) {
            if (supervisor.runningPlugin() != origin) {
                throw unavailable();
            }
            return call.apply(delegate);
        }
    }
}
