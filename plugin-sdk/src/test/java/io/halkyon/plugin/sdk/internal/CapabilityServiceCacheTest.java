package io.halkyon.plugin.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.api.CapabilitySpec;
import io.halkyon.plugin.api.DependentKey;
import io.halkyon.plugin.api.DependentResource;
import io.halkyon.plugin.api.PluginResource;
import io.halkyon.plugin.api.TypeInfo;
import io.halkyon.plugin.proto.capability.v1.BuildResponse;
import io.halkyon.plugin.proto.capability.v1.DependentRequest;
import io.halkyon.plugin.proto.capability.v1.OwnerRequest;
import io.halkyon.plugin.proto.internal.capability.CapabilityWire;
import io.halkyon.plugin.proto.internal.capability.KubeJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The owner cache of {@link CapabilityService}, seen through its calls. */
class CapabilityServiceCacheTest {

    /** One ConfigMap named after the owner, holding its spec version; counts how often it is asked. */
    private static final class Counting implements PluginResource {
        final AtomicInteger asked = new AtomicInteger();
        final AtomicInteger built = new AtomicInteger();
        final AtomicBoolean failNext = new AtomicBoolean();

        @Override
        public String category() {
            return "test";
        }

        @Override
        public List<TypeInfo> types() {
            return List.of(TypeInfo.of("thing", "1", "2"));
        }

        @Override
        public List<DependentResource> dependentResourcesWith(Capability owner) {
            asked.incrementAndGet();
            if (failNext.getAndSet(false)) {
                throw new IllegalStateException("not now");
            }
            String name = owner.getMetadata().getName();
            String version = owner.getSpec().getVersion();
            return List.of(new DependentResource() {
                @Override
                public DependentKey key() {
                    return DependentKey.of("v1", "ConfigMap", name);
                }

                @Override
                public HasMetadata build() {
                    built.incrementAndGet();
                    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                            .withData(Map.of("version", version)).build();
                }
            });
        }
    }

    private final Counting resource = new Counting();
    private final CapabilityService service = new CapabilityService(resource);

    @Test
    void aReconcilesCallsWithOneOwnerAskForItsDependentsOnce() {
        ByteString owner = owner("db", "1");

        service.getDependents(OwnerRequest.newBuilder().setOwner(owner).build(), new Answer<>());
        for (int i = 0; i < 5; i++) {
            assertThat(build(owner, "db").error).isNull();
        }

        assertThat(resource.asked).hasValue(1);
        assertThat(resource.built).hasValue(5); // build() itself runs for every Build
    }

    @Test
    void aChangedOwnerIsNeverAnsweredFromTheCache() {
        assertThat(version(build(owner("db", "1"), "db"))).isEqualTo("1");

        Answer<BuildResponse> changed = build(owner("db", "2"), "db");

        assertThat(version(changed)).isEqualTo("2");
        assertThat(resource.asked).hasValue(2);
        // The same owner again, in new bytes: still the first answer's owner, asked no more.
        assertThat(version(build(owner("db", "1"), "db"))).isEqualTo("1");
        assertThat(resource.asked).hasValue(2);
    }

    @Test
    void theCacheIsBoundedDroppingTheLeastRecentlyUsed() {
        ByteString first = owner("o0", "1");
        build(first, "o0");
        for (int i = 1; i <= OwnerCache.MAX_ENTRIES; i++) {
            build(owner("o" + i, "1"), "o" + i);
        }

        OwnerCache cache = new OwnerCache();
        for (int i = 0; i < OwnerCache.MAX_ENTRIES * 2; i++) {
            cache.entry(owner("c" + i, "1"), KubeJson::capability);
        }
        assertThat(cache.size()).isEqualTo(OwnerCache.MAX_ENTRIES);

        int asked = resource.asked.get();
        build(first, "o0"); // the eldest was dropped: asked again
        assertThat(resource.asked).hasValue(asked + 1);
    }

    @Test
    void theCacheIsBoundedInBytesAndKeepsNoHugeOwner() {
        OwnerCache cache = new OwnerCache();
        String padding = "x".repeat(OwnerCache.MAX_OWNER_BYTES / 2);
        for (int i = 0; i < 64; i++) {
            cache.entry(owner("big" + i, padding), KubeJson::capability);
        }
        assertThat(cache.bytes()).isLessThanOrEqualTo(OwnerCache.MAX_BYTES).isGreaterThan(OwnerCache.MAX_BYTES / 2);
        assertThat(cache.size()).isLessThan(64);

        int size = cache.size();
        long bytes = cache.bytes();
        OwnerCache.Entry huge = cache.entry(owner("huge", "y".repeat(OwnerCache.MAX_OWNER_BYTES)), KubeJson::capability);

        assertThat(huge.owner().getMetadata().getName()).isEqualTo("huge");
        assertThat(cache.size()).isEqualTo(size);
        assertThat(cache.bytes()).isEqualTo(bytes);
    }

    @Test
    void aFailureIsNotKept() {
        ByteString owner = owner("db", "1");
        resource.failNext.set(true);

        Answer<BuildResponse> failed = build(owner, "db");
        Answer<BuildResponse> next = build(owner, "db");

        assertThat(failed.error.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(failed.error.getDescription()).contains("not now");
        assertThat(next.error).isNull();
        assertThat(version(next)).isEqualTo("1");
    }

    private Answer<BuildResponse> build(ByteString owner, String dependent) {
        Answer<BuildResponse> answer = new Answer<>();
        service.build(DependentRequest.newBuilder().setOwner(owner)
                .setDependent(CapabilityWire.key(DependentKey.of("v1", "ConfigMap", dependent))).build(), answer);
        return answer;
    }

    private static String version(Answer<BuildResponse> answer) {
        assertThat(answer.error).isNull();
        return ((ConfigMap) KubeJson.object(answer.values.get(0).getObject())).getData().get("version");
    }

    private static ByteString owner(String name, String version) {
        return KubeJson.json(Capability.of(name, "ns", new CapabilitySpec("test", "thing", version, List.of())));
    }

    private static final class Answer<T> implements StreamObserver<T> {
        final List<T> values = new ArrayList<>();
        Status error;

        @Override
        public void onNext(T value) {
            values.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error = Status.fromThrowable(t);
        }

        @Override
        public void onCompleted() {
        }
    }
}
