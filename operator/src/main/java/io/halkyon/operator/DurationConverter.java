package io.halkyon.operator;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations the way people type them: a whole number and a unit, {@code ms}, {@code s},
 * {@code m} or {@code h} ({@code 500ms}, {@code 3s}, {@code 1m}, {@code 2h}), several in a row
 * adding up ({@code 1m30s}). Every duration the operator takes is a timeout or an interval,
 * so it must be greater than zero.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    /** Shown in help texts and error messages. */
    public static final String FORMAT = "a whole number followed by ms, s, m or h, e.g. 500ms, 3s, 1m, 2h or 1m30s";

    private static final Pattern PART = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** Parses {@code text}; throws {@link TypeConversionException} quoting it and {@link #FORMAT}. */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.isEmpty()) {
            throw notADuration(text);
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(value);
        int at = 0;
        try {
            while (at < value.length()) {
                part.region(at, value.length());
                if (!part.lookingAt()) {
                    throw notADuration(text);
                }
                long amount = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> throw new IllegalStateException("unit not in the pattern: " + part.group(2));
                });
                at = part.end();
            }
        } catch (ArithmeticException e) {
            throw new TypeConversionException("'" + text + "' is too long a duration");
        }
        if (total.isZero()) {
            throw new TypeConversionException("'" + text + "' is not a usable duration: it must be greater than zero");
        }
        return total;
    }

    private static TypeConversionException notADuration(String text) {
        return new TypeConversionException("'" + text + "' is not a duration: expected " + FORMAT);
    }

    /** The shortest text {@link #parse} reads back as {@code duration}, e.g. {@code 1m30s}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long hours = duration.toHours();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0) {
            text.append(duration.toSecondsPart()).append('s');
        }
        if (duration.toMillisPart() > 0) {
            text.append(duration.toMillisPart()).append("ms");
        }
        return text.toString();
    }
}
