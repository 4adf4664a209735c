package io.halkyon.benchmarks.jmh;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.halkyon.plugin.api.Capability;
import io.halkyon.plugin.proto.internal.capability.KubeJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JSON work of one Build, with the wire's serializer ({@link KubeJson}): the plugin decodes
 * the owner and encodes the object, the host decodes the object. The JSON comes from files that
 * {@code JsonFigures} wrote from a real Build of the example plugin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JsonBenchmark {

    /** The Build's answer, as the plugin sent it. */
    @Param("")
    public String objectFile;

    /** The Build's owner, as the host sent it. */
    @Param("")
    public String ownerFile;

    private ByteString objectJson;
    private ByteString ownerJson;
    private HasMetadata object;

    @Setup
    public void read() throws IOException {
        objectJson = ByteString.copyFrom(Files.readAllBytes(Path.of(objectFile)));
        ownerJson = ByteString.copyFrom(Files.readAllBytes(Path.of(ownerFile)));
        object = KubeJson.object(objectJson);
    }

    /** Plugin side: the built object to JSON. */
    @Benchmark
    public ByteString encodeObject() {
        return KubeJson.json(object);
    }

    /** Host side: the answer's JSON to an object. */
    @Benchmark
    public HasMetadata decodeObject() {
        return KubeJson.object(objectJson);
    }

    /** Plugin side: the request's owner JSON to a Capability. */
    @Benchmark
    public Capability decodeOwner() {
        return KubeJson.capability(ownerJson);
    }
}
