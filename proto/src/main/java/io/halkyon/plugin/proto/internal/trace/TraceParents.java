package io.halkyon.plugin.proto.internal.trace;

import io.grpc.Metadata;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace context level 1, version {@code 00}: {@code 00-<32 hex trace-id>-<16 hex parent-id>-<2
 * hex flags>}, lower-case, neither id all zeros. A header of a later version is accepted when it
 * starts with the version-00 fields followed by end or {@code -}, as the specification asks; only
 * those 55 characters are kept.
 */
public final class TraceParents {

    /** The gRPC metadata key (ASCII), as OpenTelemetry's gRPC propagation names it. */
    public static final String KEY_NAME = "traceparent";
    public static final Metadata.Key<String> KEY = Metadata.Key.of(KEY_NAME, Metadata.ASCII_STRING_MARSHALLER);
    /** Length of a version-00 header. */
    public static final int LENGTH = 55;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceParents() {
    }

    /**
     * The valid version-00 form of {@code header}, or null when it is not a W3C traceparent: wrong
     * length or characters, version {@code ff}, an all-zero id, a version-00 header with more after it.
     */
    public static String valid(String header) {
        if (header == null || header.length() < LENGTH) {
            return null;
        }
        if (!hex(header, 0, 2) || header.charAt(2) != '-' || !hex(header, 3, 35) || header.charAt(35) != '-'
                || !hex(header, 36, 52) || header.charAt(52) != '-' || !hex(header, 53, 55)) {
            return null;
        }
        boolean version00 = header.startsWith("00");
        if (header.startsWith("ff") || version00 && header.length() != LENGTH
                || !version00 && header.length() > LENGTH && header.charAt(LENGTH) != '-') {
            return null;
        }
        if (zeros(header, 3, 35) || zeros(header, 36, 52)) {
            return null;
        }
        return header.length() == LENGTH && version00 ? header : "00" + header.substring(2, LENGTH);
    }

    /** A new sampled traceparent: random trace-id and parent-id (never all zeros). */
    public static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[LENGTH];
        out[0] = '0';
        out[1] = '0';
        out[2] = '-';
        fill(out, 3, 35, random);
        out[35] = '-';
        fill(out, 36, 52, random);
        out[52] = '-';
        out[53] = '0';
        out[54] = '1';
        return new String(out);
    }

    private static void fill(char[] out, int from, int to, ThreadLocalRandom random) {
        do {
            for (int i = from; i < to; i++) {
                out[i] = HEX[random.nextInt(16)];
            }
        } while (zeros(out, from, to));
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(char[] s, int from, int to) {
        return zeros(java.nio.CharBuffer.wrap(s), from, to);
    }
}
