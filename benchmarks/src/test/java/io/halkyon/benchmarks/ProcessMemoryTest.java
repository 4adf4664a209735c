package io.halkyon.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading another JVM's heap from {@code jcmd GC.heap_info}, and summing Prometheus samples. */
class ProcessMemoryTest {

    @Test
    void theHeapUsedIsTheSumOfTheGenerationsOrTheG1Heap() {
        String serial = """
                21995:
                 def new generation   total 19648K, used 14080K [0x00000000fc000000, 0x00000000fd550000)
                  eden space 17472K,  80% used [0x00000000fc000000, 0x00000000fcdc01b8, 0x00000000fd110000)
                 tenured generation   total 43712K, used 1000K [0x00000000fd550000, 0x0000000100000000)
                 Metaspace       used 8965K, committed 9152K, reserved 1114112K
                """;
        String g1 = """
                22093:
                 garbage-first heap   total 397312K, used 17947K [0x0000000687400000, 0x0000000800000000)
                  region size 4096K, 4 young (16384K), 0 survivors (0K)
                 Metaspace       used 8945K, committed 9088K, reserved 1114112K
                """;

        assertThat(ProcessMemory.parseHeapUsedKib(serial)).isEqualTo(15080);
        assertThat(ProcessMemory.parseHeapUsedKib(g1)).isEqualTo(17947);
        assertThat(ProcessMemory.parseHeapUsedKib("22093:\nCommand executed\n")).isNaN();
    }

    @Test
    void aMetricIsSummedOverTheSamplesWhoseLabelsMatch() {
        String scrape = """
                # HELP jvm_memory_used_bytes The amount of used memory
                jvm_memory_used_bytes{area="heap",id="eden space"} 1000.0
                jvm_memory_used_bytes{area="heap",id="tenured gen"} 2000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
                halkyon_plugin_calls_seconds_count{method="Build",outcome="ok",plugin="p"} 7.0
                halkyon_plugin_calls_seconds_count{method="Update",outcome="ok",plugin="p"} 3.0
                """;

        assertThat(OperatorJvm.sum(scrape, "jvm_memory_used_bytes", "area=\"heap\"")).isEqualTo(3000);
        assertThat(OperatorJvm.sum(scrape, "jvm_memory_used_bytes", "area=\"nonheap\"")).isEqualTo(5.0e7);
        assertThat(OperatorMemoryFigures.calls(scrape)).isEqualTo(10);
    }
}
