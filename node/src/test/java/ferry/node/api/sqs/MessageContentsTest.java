package ferry.node.api.sqs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageContentsTest {
  @Test
  void allowsTheXmlCharactersIncludingPairedSurrogates() {
    assertTrue(MessageContents.isAllowed("plain text\t\n\r"));
    assertTrue(MessageContents.isAllowed("\uD7FF\uE000\uFFFD"));
    assertTrue(MessageContents.isAllowed("emoji \uD83D\uDE00 at the end \uDBFF\uDFFF"));
  }

  @Test
  void refusesControlCharactersNonCharactersAndLoneSurrogates() {
    assertFalse(MessageContents.isAllowed("bell \u0007"));
    assertFalse(MessageContents.isAllowed("\u001F"));
    assertFalse(MessageContents.isAllowed("\uFFFE"));
    assertFalse(MessageContents.isAllowed("\uFFFF"));
    assertFalse(MessageContents.isAllowed("high alone \uD83D"));
    assertFalse(MessageContents.isAllowed("high then text \uD83Dx"));
    assertFalse(MessageContents.isAllowed("low alone \uDE00"));
  }
}
