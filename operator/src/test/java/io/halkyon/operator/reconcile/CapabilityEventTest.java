package io.halkyon.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An Event's message carries a plugin's words: made printable and bounded. */
class CapabilityEventTest {

    @Test
    void controlCharactersBecomeSpacesAndInvisibleOnesAreDropped() {
        CapabilityEvent event = CapabilityEvent.warning("Refused", "line1\nline2\t\u001b[31mred\u202Eevil\u200Bx");

        assertThat(event.message()).isEqualTo("line1 line2  [31mredevilx");
        assertThat(CapabilityEvent.bounded(null)).isEmpty();
        assertThat(CapabilityEvent.bounded("short é 😀")).isEqualTo("short é 😀");
    }

    @Test
    void aLongMessageKeepsAtMostOneKibibyteOfUtf8NeverSplittingACharacterAndSaysHowMuchWasCut() {
        String message = "é".repeat(300) + "😀".repeat(300);

        String bounded = CapabilityEvent.bounded(message);

        assertThat(bounded.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(CapabilityEvent.MAX_MESSAGE_BYTES);
        assertThat(bounded).startsWith("é".repeat(300)).matches("(?s).*😀\\.\\.\\. \\(\\d+ more characters\\)");
        int kept = bounded.substring(0, bounded.indexOf("...")).codePointCount(0, bounded.indexOf("..."));
        assertThat(bounded).endsWith("... (" + (600 - kept) + " more characters)");
        assertThat(bounded.codePoints().filter(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE))
                .as("no half character").isEmpty();
    }
}
