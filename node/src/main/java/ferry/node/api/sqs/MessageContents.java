package ferry.node.api.sqs;

/** The characters SQS allows in bodies and string attribute values (the XML 1.0 set). */
final class MessageContents {
  private MessageContents() {}

  static boolean isAllowed(String text) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      boolean allowed = c == 0x9 || c == 0xA || c == 0xD
          || (c >= 0x20 && c <= 0xD7FF)
          || (c >= 0xE000 && c <= 0xFFFD)
          || (c >= 0x10000 && c <= 0x10FFFF);
      if (!allowed) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }
}
