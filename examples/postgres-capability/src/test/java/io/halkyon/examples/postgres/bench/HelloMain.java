package io.halkyon.examples.postgres.bench;

/** Baseline for launch time: a JVM that prints one line and waits for stdin to close. */
public final class HelloMain {

    private HelloMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        System.in.read();
    }
}
