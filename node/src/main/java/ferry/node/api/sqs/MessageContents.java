package ferry.node.api.sqs;

/** The characters SQS allows in bodies and string attribute values (the XML 1.0 set). */
final class MessageContents {
  private MessageContents() {}

  static boolean isAllowed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // nearly every character of a real body: checked without decoding code points
      if (c >= 0x20 && c < 0xD800) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++; // U+10000 to U+10FFFF, all allowed
        continue;
      }
      boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0xE000 && c <= 0xFFFD);
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
