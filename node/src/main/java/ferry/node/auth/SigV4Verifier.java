package ferry.node.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 on an incoming request, in either the Authorization-header form or the
 * presigned query-string form, by computing the signature the client must have computed and comparing.
 */
public final class SigV4Verifier {
  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  private static final String TERMINATOR = "aws4_request";
  /** AWS refuses presigned requests meant to live longer than a week. */
  private static final long MAX_EXPIRES_SECONDS = 604_800;
  /** Bounds the signatures one request can make us compute when the caller offers several header renderings. */
  private static final int MAX_HEADER_RENDERINGS = 16;
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
  private static final HexFormat HEX = HexFormat.of();
  private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();
  private static final String MISMATCH = "The request signature we calculated does not match the signature you"
      + " provided. Check your AWS Secret Access Key and signing method.";

  private final Function<String, Optional<String>> secrets;
  private final Clock clock;
  private final Duration allowedSkew;

  /** accessKeyId -> secret key; empty when unknown. */
  public SigV4Verifier(Function<String, Optional<String>> secrets, Clock clock, Duration allowedSkew) {
    this.secrets = secrets;
    this.clock = clock;
    this.allowedSkew = allowedSkew;
  }

  /**
   * What the HTTP layer saw. Header names lower-case. For each header, the possible raw values: usually one,
   * but the HTTP layer may have re-rendered some (Content-Type: 'application/x-www-form-urlencoded; charset=utf-8'
   * may come as '...; charset=UTF-8'), so the caller may give several candidate renderings; the verifier accepts if
   * any combination matches. A header sent several times is one candidate: its values joined by ','.
   * rawPath and rawQuery are as sent on the wire, not percent-decoded; rawQuery has no '?' and may be empty.
   */
  public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
      byte[] body) {}

  public sealed interface Outcome {}

  /** accessKeyId that signed, and the region and service of its credential scope */
  public record Verified(String accessKeyId, String region, String service) implements Outcome {}

  public record Refused(Reason reason, String message) implements Outcome {}

  public enum Reason { MISSING_AUTHENTICATION, INCOMPLETE_SIGNATURE, UNKNOWN_ACCESS_KEY, SIGNATURE_MISMATCH, EXPIRED }

  /** What either form says about its signature, once its dates and payload are checked. */
  private record Claims(String credential, Instant signedAt, String signedHeaders, String signature,
      List<String> payloadHashes, String canonicalQuery) {}

  public Outcome verify(SignedRequest request) {
    List<QueryParameter> query = QueryParameter.parseAll(request.rawQuery());
    Optional<String> authorization = firstValue(request, "authorization");
    if (authorization.isPresent()) {
      return verifyHeaderForm(authorization.get(), query, request);
    }
    if (query.stream().anyMatch(parameter -> parameter.name().equals("X-Amz-Signature"))) {
      return verifyQueryForm(query, request);
    }
    return new Refused(Reason.MISSING_AUTHENTICATION, "Request is missing Authentication Token");
  }

  private Outcome verifyHeaderForm(String authorization, List<QueryParameter> query, SignedRequest request) {
    String[] algorithmAndFields = authorization.strip().split("\\s+", 2);
    if (!algorithmAndFields[0].equals(ALGORITHM)) {
      return incomplete("Unsupported AWS 'algorithm': '" + algorithmAndFields[0] + "'; only " + ALGORITHM
          + " is accepted.");
    }
    Map<String, String> fields = authorizationFields(algorithmAndFields.length > 1 ? algorithmAndFields[1] : "");
    Optional<String> date = firstValue(request, "x-amz-date").or(() -> firstValue(request, "date"));
    List<String> problems = new ArrayList<>();
    for (String field : List.of("Credential", "Signature", "SignedHeaders")) {
      if (!fields.containsKey(field)) {
        problems.add("Authorization header requires '" + field + "' parameter.");
      }
    }
    if (date.isEmpty()) {
      problems.add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    if (!problems.isEmpty()) {
      return incomplete(String.join(" ", problems));
    }
    // Without x-amz-date, the Date header is often in HTTP's own format; the string to sign still uses ISO 8601.
    Optional<Instant> signedAt = parseAmzDate(date.get()).or(() -> parseHttpDate(date.get()));
    if (signedAt.isEmpty()) {
      return badDate(date.get());
    }
    Optional<Refused> untimely = untimely(signedAt.get(), allowedSkew);
    if (untimely.isPresent()) {
      return untimely.get();
    }
    String bodyHash = sha256Hex(request.body());
    Optional<String> declaredHash = firstValue(request, "x-amz-content-sha256");
    // The signature covers the declared hash, not the body, so a declared hash must also match the body.
    if (declaredHash.isPresent() && !declaredHash.get().equals(UNSIGNED_PAYLOAD)
        && !declaredHash.get().equalsIgnoreCase(bodyHash)) {
      return declaredHash.get().matches("[0-9a-fA-F]{64}")
          ? new Refused(Reason.SIGNATURE_MISMATCH,
              "The provided 'x-amz-content-sha256' header does not match what was computed.")
          : incomplete("x-amz-content-sha256 must be UNSIGNED-PAYLOAD or the hex SHA-256 of the body, not '"
              + declaredHash.get() + "'.");
    }
    return verifySignature(new Claims(fields.get("Credential"), signedAt.get(), fields.get("SignedHeaders"),
        fields.get("Signature"), List.of(declaredHash.orElse(bodyHash)), canonicalQuery(query, false)), request);
  }

  private Outcome verifyQueryForm(List<QueryParameter> query, SignedRequest request) {
    Map<String, String> parameters = new HashMap<>();
    query.forEach(parameter -> parameters.putIfAbsent(parameter.name(), parameter.value()));
    String missing = Stream.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
            "X-Amz-SignedHeaders", "X-Amz-Signature")
        .filter(name -> parameters.getOrDefault(name, "").isEmpty())
        .map(name -> "'" + name + "'")
        .collect(Collectors.joining(", "));
    if (!missing.isEmpty()) {
      return incomplete("AWS query-string parameters must include " + missing + ".");
    }
    if (!parameters.get("X-Amz-Algorithm").equals(ALGORITHM)) {
      return incomplete("X-Amz-Algorithm only supports \"" + ALGORITHM + "\".");
    }
    Optional<Instant> signedAt = parseAmzDate(parameters.get("X-Amz-Date"));
    if (signedAt.isEmpty()) {
      return badDate(parameters.get("X-Amz-Date"));
    }
    String expires = parameters.get("X-Amz-Expires");
    if (!expires.matches("\\d{1,7}") || Long.parseLong(expires) > MAX_EXPIRES_SECONDS) {
      return incomplete("X-Amz-Expires must be a whole number of seconds from 0 to " + MAX_EXPIRES_SECONDS
          + ", not '" + expires + "'.");
    }
    Optional<Refused> untimely = untimely(signedAt.get(), Duration.ofSeconds(Long.parseLong(expires)));
    if (untimely.isPresent()) {
      return untimely.get();
    }
    // The query carries no payload hash: the signer used either the body's or, where the body is not signed, none.
    List<String> payloadHashes = List.of(sha256Hex(request.body()), UNSIGNED_PAYLOAD);
    return verifySignature(new Claims(parameters.get("X-Amz-Credential"), signedAt.get(),
        parameters.get("X-Amz-SignedHeaders"), parameters.get("X-Amz-Signature"), payloadHashes,
        canonicalQuery(query, true)), request);
  }

  private Outcome verifySignature(Claims claims, SignedRequest request) {
    String amzDate = AMZ_DATE.format(claims.signedAt());
    // keyid/date/region/service/aws4_request
    String[] scope = claims.credential().split("/", -1);
    Optional<String> scopeProblem = scopeProblem(scope, claims.credential(), amzDate);
    if (scopeProblem.isPresent()) {
      return incomplete(scopeProblem.get());
    }
    List<String> signedHeaders = Arrays.stream(claims.signedHeaders().split(";"))
        .map(name -> name.strip().toLowerCase(Locale.ROOT))
        .sorted()
        .toList();
    Optional<String> signedHeadersProblem = signedHeadersProblem(signedHeaders, request);
    if (signedHeadersProblem.isPresent()) {
      return incomplete(signedHeadersProblem.get());
    }
    Optional<List<String>> headerBlocks = canonicalHeaderBlocks(signedHeaders, request.headers());
    if (headerBlocks.isEmpty()) {
      return incomplete("Too many renderings of the signed headers to check.");
    }
    Optional<String> secret = secrets.apply(scope[0]);
    if (secret.isEmpty()) {
      return new Refused(Reason.UNKNOWN_ACCESS_KEY, "The security token included in the request is invalid.");
    }
    byte[] signingKey = signingKey(secret.get(), scope[1], scope[2], scope[3]);
    String credentialScope = String.join("/", scope[1], scope[2], scope[3], TERMINATOR);
    byte[] providedSignature = claims.signature().getBytes(UTF_8);
    for (String uri : canonicalUris(request.rawPath(), scope[3])) {
      for (String headerBlock : headerBlocks.get()) {
        for (String payloadHash : claims.payloadHashes()) {
          String canonicalRequest = String.join("\n", request.method(), uri, claims.canonicalQuery(), headerBlock,
              String.join(";", signedHeaders), payloadHash);
          String signature = signature(signingKey, amzDate, credentialScope, canonicalRequest);
          if (MessageDigest.isEqual(signature.getBytes(UTF_8), providedSignature)) {
            return new Verified(scope[0], scope[2], scope[3]);
          }
        }
      }
    }
    return new Refused(Reason.SIGNATURE_MISMATCH, MISMATCH);
  }

  static Optional<String> scopeProblem(String[] scope, String credential, String amzDate) {
    if (scope.length != 5 || Arrays.stream(scope).anyMatch(String::isBlank)) {
      return Optional.of("Credential must have exactly 5 slash-delimited elements, e.g."
          + " keyid/date/region/service/term, got '" + credential + "'.");
    }
    if (!scope[4].equals(TERMINATOR)) {
      return Optional.of("Credential should be scoped with a valid terminator: '" + TERMINATOR + "', not '"
          + scope[4] + "'.");
    }
    String day = amzDate.substring(0, 8);
    if (!scope[1].equals(day)) {
      return Optional.of("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
          + scope[1] + "' != '" + day + "', from '" + amzDate + "'.");
    }
    return Optional.empty();
  }

  static Optional<String> signedHeadersProblem(List<String> signedHeaders, SignedRequest request) {
    // Signing the host keeps a request signed for one endpoint from being replayed against another.
    if (!signedHeaders.contains("host")) {
      return Optional.of("'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }
    return signedHeaders.stream()
        .filter(name -> request.headers().getOrDefault(name, List.of()).isEmpty())
        .findFirst()
        .map(name -> "Signed header '" + name + "' is not present in the request.");
  }

  /** Refuses a request signed longer than {@code maxAge} ago, or later than the allowed skew from now. */
  private Optional<Refused> untimely(Instant signedAt, Duration maxAge) {
    Instant now = clock.instant();
    Instant earliest = now.minus(maxAge);
    Instant latest = now.plus(allowedSkew);
    if (signedAt.isBefore(earliest)) {
      return Optional.of(new Refused(Reason.EXPIRED, "Signature expired: " + AMZ_DATE.format(signedAt)
          + " is now earlier than " + AMZ_DATE.format(earliest) + " (" + AMZ_DATE.format(now) + " - "
          + describe(maxAge) + ")"));
    }
    if (signedAt.isAfter(latest)) {
      return Optional.of(new Refused(Reason.EXPIRED, "Signature not yet current: " + AMZ_DATE.format(signedAt)
          + " is still later than " + AMZ_DATE.format(latest) + " (" + AMZ_DATE.format(now) + " + "
          + describe(allowedSkew) + ")"));
    }
    return Optional.empty();
  }

  static String describe(Duration duration) {
    return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min." : duration.toSeconds() + " sec.";
  }

  static Refused incomplete(String message) {
    return new Refused(Reason.INCOMPLETE_SIGNATURE, message);
  }

  static Refused badDate(String date) {
    return incomplete("Date must be in ISO-8601 'basic format'. Got '" + date + "'. See"
        + " http://en.wikipedia.org/wiki/ISO_8601");
  }

  static Optional<String> firstValue(SignedRequest request, String name) {
    return request.headers().getOrDefault(name, List.of()).stream().findFirst();
  }

  /** The comma-separated name=value fields after the algorithm, tolerating whitespace around ',' and '='. */
  static Map<String, String> authorizationFields(String fields) {
    Map<String, String> byName = new HashMap<>();
    for (String field : fields.split(",")) {
      int equals = field.indexOf('=');
      if (equals > 0 && !field.substring(equals + 1).isBlank()) {
        byName.putIfAbsent(field.substring(0, equals).strip(), field.substring(equals + 1).strip());
      }
    }
    return byName;
  }

  static Optional<Instant> parseAmzDate(String text) {
    try {
      return Optional.of(AMZ_DATE.parse(text, Instant::from));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** An RFC 1123 date; its weekday is redundant and ignored (AWS's own 2011 test suite calls a Friday "Mon"). */
  static Optional<Instant> parseHttpDate(String text) {
    try {
      String withoutWeekday = text.replaceFirst("^\\s*\\p{Alpha}+,", "").strip();
      return Optional.of(DateTimeFormatter.RFC_1123_DATE_TIME.parse(withoutWeekday, Instant::from));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The canonical URIs a signer may have produced from this path. Except for S3, AWS signs the path as sent
   * (already percent-encoded) encoded once more, so '%' becomes '%25'; S3 signs it encoded once. Signers differ
   * on whether they first remove '.', '..' and empty segments (the AWS SDK for Java v2 does, others need not), so
   * both the normalised and the literal path are candidates; either still pins the path the client meant.
   */
  static List<String> canonicalUris(String rawPath, String service) {
    if (service.equals("s3")) {
      return List.of(encodePath(rawPath, true));
    }
    return Stream.of(encodePath(normalize(rawPath), false), encodePath(rawPath, false)).distinct().toList();
  }

  static String encodePath(String path, boolean decodeFirst) {
    if (path.isEmpty()) {
      return "/";
    }
    return Arrays.stream(path.split("/", -1))
        .map(segment -> uriEncode(decodeFirst ? percentDecode(segment) : segment.getBytes(UTF_8)))
        .collect(Collectors.joining("/"));
  }

  /** RFC 3986 dot-segment removal, also dropping empty segments, as the AWS signers normalise paths. */
  static String normalize(String path) {
    String[] segments = path.split("/", -1);
    Deque<String> kept = new ArrayDeque<>();
    for (String segment : segments) {
      if (segment.equals("..")) {
        kept.pollLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        kept.addLast(segment);
      }
    }
    String last = segments[segments.length - 1];
    boolean directory = last.isEmpty() || last.equals(".") || last.equals("..");
    String joined = "/" + String.join("/", kept);
    return directory && !kept.isEmpty() ? joined + "/" : joined;
  }

  /** Each parameter re-encoded the one RFC 3986 way, sorted by name then value, the signature left out if asked. */
  static String canonicalQuery(List<QueryParameter> query, boolean withoutSignature) {
    return query.stream()
        .filter(parameter -> !(withoutSignature && parameter.name().equals("X-Amz-Signature")))
        .map(parameter -> Map.entry(uriEncode(percentDecode(parameter.rawName())),
            uriEncode(percentDecode(parameter.rawValue()))))
        .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
        .map(parameter -> parameter.getKey() + "=" + parameter.getValue())
        .collect(Collectors.joining("&"));
  }

  /**
   * One {@code name:value\n} line per signed header, for every combination of the candidate renderings;
   * empty when there would be more than {@link #MAX_HEADER_RENDERINGS}.
   */
  static Optional<List<String>> canonicalHeaderBlocks(List<String> signedHeaders, Map<String, List<String>> headers) {
    List<String> blocks = List.of("");
    for (String name : signedHeaders) {
      Set<String> values = headers.get(name).stream()
          .map(SigV4Verifier::canonicalHeaderValue)
          .collect(Collectors.toCollection(LinkedHashSet::new));
      List<String> longer = new ArrayList<>();
      for (String block : blocks) {
        for (String value : values) {
          longer.add(block + name + ":" + value + "\n");
        }
      }
      if (longer.size() > MAX_HEADER_RENDERINGS) {
        return Optional.empty();
      }
      blocks = longer;
    }
    return Optional.of(blocks);
  }

  static String canonicalHeaderValue(String value) {
    return value.strip().replaceAll("\\s+", " ");
  }

  static String signature(byte[] signingKey, String amzDate, String credentialScope, String canonicalRequest) {
    String stringToSign = String.join("\n", ALGORITHM, amzDate, credentialScope,
        sha256Hex(canonicalRequest.getBytes(UTF_8)));
    return HEX.formatHex(hmac(signingKey, stringToSign));
  }

  static byte[] signingKey(String secret, String day, String region, String service) {
    byte[] key = ("AWS4" + secret).getBytes(UTF_8);
    for (String part : List.of(day, region, service, TERMINATOR)) {
      key = hmac(key, part);
    }
    return key;
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform provides HmacSHA256", e);
    }
  }

  static String sha256Hex(byte[] data) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /** RFC 3986 encoding as SigV4 wants it: unreserved characters kept, every other byte as uppercase %XX. */
  static String uriEncode(byte[] bytes) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
        encoded.append(c);
      } else {
        encoded.append('%').append(UPPER_HEX.toHexDigits(b));
      }
    }
    return encoded.toString();
  }

  /** Decodes %XX escapes to bytes; a '%' not followed by two hex digits stays a literal '%'. */
  static byte[] percentDecode(String text) {
    byte[] raw = text.getBytes(UTF_8);
    ByteArrayOutputStream decoded = new ByteArrayOutputStream(raw.length);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '%' && i + 2 < raw.length && HexFormat.isHexDigit(raw[i + 1]) && HexFormat.isHexDigit(raw[i + 2])) {
        decoded.write(HexFormat.fromHexDigit(raw[i + 1]) << 4 | HexFormat.fromHexDigit(raw[i + 2]));
        i += 2;
      } else {
        decoded.write(raw[i]);
      }
    }
    return decoded.toByteArray();
  }

  /** One name=value pair of the raw query; a pair without '=' has an empty value. */
  record QueryParameter(String rawName, String rawValue) {
    static List<QueryParameter> parseAll(String rawQuery) {
      return Arrays.stream(rawQuery.split("&"))
          .filter(pair -> !pair.isEmpty())
          .map(pair -> {
            int equals = pair.indexOf('=');
            return equals < 0 ? new QueryParameter(pair, "") : new QueryParameter(pair.substring(0, equals),
                pair.substring(equals + 1));
          })
          .toList();
    }

    String name() {
      return new String(percentDecode(rawName), UTF_8);
    }

    String value() {
      return new String(percentDecode(rawValue), UTF_8);
    }
  }
}
