package io.halkyon.plugin.host.fetch.internal;

/**
 * The one rule for names that become or select paths (the parts of a reference, its URL's path
 * segments, a tarball's entry names): no empty segment, no {@code .} or {@code ..}, no character
 * {@link LogText#hasUnsafe} finds.
 */
public final class PathRules {

    private PathRules() {
    }

    /** What is wrong with one segment (for "has ..."), or null when it is acceptable. */
    public static String segmentProblem(String segment) {
        if (segment.isEmpty()) {
            return "an empty path segment";
        }
        if (segment.equals(".") || segment.equals("..")) {
            return "a '" + segment + "' path segment";
        }
        if (LogText.hasUnsafe(segment)) {
            return "control characters";
        }
        return null;
    }

    /** What is wrong with {@code path}, segments separated by {@code /}, or null when it is acceptable. */
    public static String pathProblem(String path) {
        for (String segment : path.split("/", -1)) {
            String problem = segmentProblem(segment);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
