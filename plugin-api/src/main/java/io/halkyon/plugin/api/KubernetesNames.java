package io.halkyon.plugin.api;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Kubernetes API server's rules for names and label values, refused in its own words
 * ({@code field: Invalid value: "v": a lowercase RFC 1123 label must consist of...}), so a
 * value refused here is one the API server would refuse, and the message says what is expected.
 * The host applies them to what a plugin reports about itself (its category and types name
 * {@code CapabilityInfo} objects), the operator to the Capabilities it reads from files.
 *
 * <p>Each check returns the problem for {@code field}, or empty when the value is valid. A
 * refused value is quoted escaped and cut to its rule's length, so a message stays one short line
 * whatever the value holds.
 */
public final class KubernetesNames {

    /** Longest DNS-1123 label (a namespace, a CapabilityInfo's category or type) and label value. */
    public static final int MAX_LABEL_LENGTH = 63;
    /** Longest DNS-1123 subdomain (the name of most objects, Capabilities included). */
    public static final int MAX_SUBDOMAIN_LENGTH = 253;

    private static final String LABEL_REGEX = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN_REGEX = LABEL_REGEX + "(\\." + LABEL_REGEX + ")*";
    private static final String LABEL_VALUE_REGEX = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
    private static final Pattern LABEL = Pattern.compile(LABEL_REGEX);
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_REGEX);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_REGEX);
    // The API server's messages (k8s.io/apimachinery/pkg/util/validation), word for word.
    private static final String LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric"
            + " characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or"
            + " '123-abc', regex used for validation is '" + LABEL_REGEX + "')";
    private static final String SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case"
            + " alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g."
            + " 'example.com', regex used for validation is '" + SUBDOMAIN_REGEX + "')";
    private static final String LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of"
            + " alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g."
            + " 'MyValue',  or 'my_value',  or '12345', regex used for validation is '" + LABEL_VALUE_REGEX + "')";

    private KubernetesNames() {
    }

    /** A DNS-1123 label, as a namespace must be: required, at most 63 characters. */
    public static Optional<String> checkLabel(String field, String value) {
        // The API server's wording for a valid subdomain that is not a label (length checked first).
        String message = value != null && value.length() <= MAX_LABEL_LENGTH && SUBDOMAIN.matcher(value).matches()
                ? "must not contain dots" : LABEL_MESSAGE;
        return check(field, value, true, MAX_LABEL_LENGTH, LABEL, message);
    }

    /** A DNS-1123 subdomain, as the name of a Capability (and most objects) must be: required, at most 253. */
    public static Optional<String> checkSubdomain(String field, String value) {
        return check(field, value, true, MAX_SUBDOMAIN_LENGTH, SUBDOMAIN, SUBDOMAIN_MESSAGE);
    }

    /** A label value: may be empty, at most 63 characters. */
    public static Optional<String> checkLabelValue(String field, String value) {
        return check(field, value == null ? "" : value, false, MAX_LABEL_LENGTH, LABEL_VALUE, LABEL_VALUE_MESSAGE);
    }

    private static Optional<String> check(String field, String value, boolean required, int maxLength,
                                          Pattern pattern, String message) {
        if (value == null || value.isEmpty()) {
            return required ? Optional.of(field + ": Required value") : Optional.empty();
        }
        if (value.length() > maxLength) {
            return Optional.of(invalid(field, value, maxLength, "must be no more than " + maxLength + " characters"));
        }
        return pattern.matcher(value).matches() ? Optional.empty()
                : Optional.of(invalid(field, value, maxLength, message));
    }

    private static String invalid(String field, String value, int maxLength, String problem) {
        return field + ": Invalid value: " + quote(value, maxLength) + ": " + problem;
    }

    /** Quoted as the API server quotes (Go's %q), control characters escaped, cut after {@code max} characters. */
    private static String quote(String value, int max) {
        StringBuilder out = new StringBuilder("\"");
        int end = Math.min(value.length(), max);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"', '\\' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(value.length() > max ? "...\" (" + value.length() + " characters)" : "\"").toString();
    }
}
