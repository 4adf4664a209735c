package io.halkyon.benchmarks;

/** The bare JVM of {@code bare_jvm_ms}: prints one line, then waits for stdin to close. */
public final class HelloMain {

    private HelloMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        System.in.read();
    }
}
