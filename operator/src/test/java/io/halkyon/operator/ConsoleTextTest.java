package io.halkyon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.halkyon.operator.verify.RuleResult;
import io.halkyon.operator.verify.Verdict;
import org.junit.jupiter.api.Test;

/** What a plugin wrote reaches the terminal as one printable line: no escape sequence survives. */
class ConsoleTextTest {

    @Test
    void linesAreJoinedAndSurroundingSpaceDropped() {
        assertThat(ConsoleText.oneLine("  first line \n\n  second\r\nthird  ")).isEqualTo("first line | second | third");
        assertThat(ConsoleText.oneLine(null)).isEmpty();
    }

    @Test
    void controlAndFormatCharactersOfAHostilePluginBecomeSpaces() {
        // Clear the screen and recolour, a bell, and a right-to-left override that would reverse what follows.
        String hostile = "plugin says \u001b[2J\u001b[31mall passed\u0007 \u202edelliK";

        assertThat(ConsoleText.oneLine(hostile)).isEqualTo("plugin says  [2J [31mall passed   delliK")
                .doesNotContainPattern("[\\p{Cntrl}\\p{Cf}]");
        assertThat(new RuleResult("handshake.stray-stdout", Verdict.WARNING, hostile).detail())
                .as("verify's details, text and JSON alike").isEqualTo(ConsoleText.oneLine(hostile));
    }
}
