package ferry.node.api.sqs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Page tokens of list actions: they name the last queue of the previous page. */
final class PageTokens {
  private PageTokens() {}

  static String of(String lastName) {
    return Base64.getUrlEncoder().encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
  }

  /** The name a token names, or null for no token. */
  static String afterName(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notOurs) {
      throw SqsException.invalid("NextToken", token, "Invalid NextToken value.");
    }
  }
}
