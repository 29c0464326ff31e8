package ferry.node.api.sqs;

import ferry.node.auth.Credentials;
import ferry.node.auth.SigV4Verifier;
import ferry.node.auth.SigV4Verifier.Refused;
import ferry.node.auth.SigV4Verifier.SignedRequest;
import ferry.node.auth.SigV4Verifier.Verified;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.util.ByteString;

/**
 * Decides which account a request acts for. With credentials configured, the request must carry
 * a valid Signature Version 4 of one of them; without, every caller is the default account.
 */
final class SqsSignatures {
  private static final String RAW_REQUEST_URI = "raw-request-uri";

  private final Credentials credentials;
  private final SigV4Verifier verifier;
  private final String defaultAccount;

  SqsSignatures(Credentials credentials, Clock clock, Duration allowedSkew, String defaultAccount) {
    this.credentials = credentials;
    this.verifier = new SigV4Verifier(credentials::secretOf, clock, allowedSkew);
    this.defaultAccount = defaultAccount;
  }

  boolean accountsChecked() {
    return credentials.required();
  }

  String accountOf(HttpRequest request, ByteString body) {
    if (!credentials.required()) {
      return defaultAccount;
    }
    SigV4Verifier.Outcome outcome = verifier.verify(signedRequest(request, body));
    if (outcome instanceof Verified verified) {
      return credentials.byAccessKey(verified.accessKeyId()).orElseThrow().accountId();
    }
    Refused refused = (Refused) outcome;
    SqsError error = switch (refused.reason()) {
      case MISSING_AUTHENTICATION -> SqsError.MISSING_AUTHENTICATION_TOKEN;
      case INCOMPLETE_SIGNATURE -> SqsError.INCOMPLETE_SIGNATURE;
      case UNKNOWN_ACCESS_KEY -> SqsError.INVALID_CLIENT_TOKEN_ID;
      case SIGNATURE_MISMATCH -> SqsError.SIGNATURE_DOES_NOT_MATCH;
      case EXPIRED -> SqsError.REQUEST_EXPIRED;
    };
    throw new SqsException(error, refused.message());
  }

  /**
   * The request as the client signed it: the request target as sent (Pekko decodes the parsed
   * path), the headers, and the entity headers Pekko keeps apart. Pekko re-renders a content
   * type (capital charset names, and none at all for form data), so the spellings clients
   * send are offered as candidates: with the charset in either case, and without it.
   */
  private static SignedRequest signedRequest(HttpRequest request, ByteString body) {
    String target = request.getHeader("Raw-Request-URI").map(HttpHeader::value)
        .orElse(request.getUri().getPathString() + request.getUri().rawQueryString().map(query -> "?" + query).orElse(""));
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    String query = question < 0 ? "" : target.substring(question + 1);
    Map<String, List<String>> headers = new HashMap<>();
    Map<String, List<String>> repeated = new HashMap<>();
    for (HttpHeader header : request.getHeaders()) {
      if (!header.lowercaseName().equals(RAW_REQUEST_URI)) {
        repeated.computeIfAbsent(header.lowercaseName(), name -> new ArrayList<>()).add(header.value().trim());
      }
    }
    repeated.forEach((name, values) -> headers.put(name, List.of(String.join(",", values))));
    ContentType contentType = request.entity().getContentType();
    String mediaType = contentType.mediaType().toString();
    List<String> spellings = new ArrayList<>(List.of(contentType.toString(), mediaType));
    contentType.getCharsetOption().ifPresent(charset -> {
      spellings.add(mediaType + "; charset=" + charset.value().toLowerCase(Locale.ROOT));
      spellings.add(mediaType + "; charset=" + charset.value().toUpperCase(Locale.ROOT));
    });
    headers.put("content-type", List.copyOf(new LinkedHashSet<>(spellings)));
    headers.put("content-length", List.of(Integer.toString(body.size())));
    return new SignedRequest(request.method().value(), path, query, headers, body.toArrayUnsafe());
  }
}
