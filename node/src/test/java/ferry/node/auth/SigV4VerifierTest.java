package ferry.node.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ferry.node.auth.SigV4Verifier.Outcome;
import ferry.node.auth.SigV4Verifier.Reason;
import ferry.node.auth.SigV4Verifier.Refused;
import ferry.node.auth.SigV4Verifier.SignedRequest;
import ferry.node.auth.SigV4Verifier.Verified;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Checks the verifier against signatures it did not compute: AWS's published Signature Version 4 test suite
 * (as kept in awslabs/aws-c-auth, tests/aws-signing-test-suite/v4: AKIDEXAMPLE, us-east-1, service "service",
 * 2015-08-30T12:36:00Z), its 2011 predecessor's Date-header case, and requests signed by the AWS SDK for Java v2.
 * Requests are written as the suite writes them: request line, "Name:value" headers, blank line, body.
 */
class SigV4VerifierTest {
  private static final String SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final Verified SUITE_SIGNER = new Verified("AKIDEXAMPLE", "us-east-1", "service");
  private static final Duration SKEW = Duration.ofMinutes(15);

  private static final String SDK_ACCESS_KEY = "AKIAFERRYEXAMPLE0001";
  private static final String SDK_SECRET = "ferrySecretKeyForSigV4Vector/0123456789";
  private static final Verified SDK_SIGNER = new Verified(SDK_ACCESS_KEY, "us-east-1", "sqs");
  private static final String SDK_SIGNED_AT = "2025-03-14T09:26:53Z";
  private static final String FORM_UTF8_LOWER = "application/x-www-form-urlencoded; charset=utf-8";
  private static final String FORM_UTF8_UPPER = "application/x-www-form-urlencoded; charset=UTF-8";

  /*
   * The SDK vectors were produced once, outside this repository, by software.amazon.awssdk 2.57.8 signing these
   * requests with AKIAFERRYEXAMPLE0001 / ferrySecretKeyForSigV4Vector/0123456789, region us-east-1, service sqs,
   * HttpSigner.SIGNING_CLOCK fixed at 2025-03-14T09:26:53Z; the output is pasted here verbatim.
   */

  /** AwsV4HttpSigner, default (header) form: it adds and signs x-amz-content-sha256. */
  private static final String SDK_LIST_QUEUES = """
      POST / HTTP/1.1
      Authorization:AWS4-HMAC-SHA256 Credential=AKIAFERRYEXAMPLE0001/20250314/us-east-1/sqs/aws4_request, \
      SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, \
      Signature=fcd52bee4cd0eca05f7101fa115bf1c0428a5e77410f6154ffc10ce96189d595
      Content-Length:36
      Content-Type:application/x-www-form-urlencoded; charset=utf-8
      Host:127.0.0.1:9324
      x-amz-content-sha256:48a38266faf90970d6c7fea9b15e6ba366e5f6397c2970fc893f8a7b5e207bd0
      X-Amz-Date:20250314T092653Z

      Action=ListQueues&Version=2012-11-05""";

  /** AwsV4HttpSigner given the already-encoded path /000000000001/my%20queue/%E1%88%B4. */
  private static final String SDK_ENCODED_PATH = """
      POST /000000000001/my%20queue/%E1%88%B4 HTTP/1.1
      Authorization:AWS4-HMAC-SHA256 Credential=AKIAFERRYEXAMPLE0001/20250314/us-east-1/sqs/aws4_request, \
      SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, \
      Signature=f037f58775340d055a024387ddafd895722872f02c3b843d7b9a79fdf2ce4362
      Content-Type:application/x-www-form-urlencoded; charset=utf-8
      Host:127.0.0.1:9324
      x-amz-content-sha256:48a38266faf90970d6c7fea9b15e6ba366e5f6397c2970fc893f8a7b5e207bd0
      X-Amz-Date:20250314T092653Z

      Action=ListQueues&Version=2012-11-05""";

  /** The older Aws4Signer, which signs no x-amz-content-sha256, so the body's own hash is what was signed. */
  private static final String SDK_LEGACY_SIGNER = """
      POST / HTTP/1.1
      Authorization:AWS4-HMAC-SHA256 Credential=AKIAFERRYEXAMPLE0001/20250314/us-east-1/sqs/aws4_request, \
      SignedHeaders=content-type;host;x-amz-date, \
      Signature=65c7b5951e0e6e7f091ab56c3005e225399d03468cdaccd6b2b91cf1470f8b44
      Content-Type:application/x-www-form-urlencoded; charset=utf-8
      Host:127.0.0.1:9324
      X-Amz-Date:20250314T092653Z

      Action=ListQueues&Version=2012-11-05""";

  /** AwsV4HttpSigner with AUTH_LOCATION QUERY_STRING and EXPIRATION_DURATION 300 s. */
  private static final String SDK_PRESIGNED_GET = """
      GET /?Action=ListQueues&Version=2012-11-05&QueueNamePrefix=a%20b&X-Amz-Algorithm=AWS4-HMAC-SHA256\
      &X-Amz-Date=20250314T092653Z&X-Amz-SignedHeaders=host\
      &X-Amz-Credential=AKIAFERRYEXAMPLE0001%2F20250314%2Fus-east-1%2Fsqs%2Faws4_request&X-Amz-Expires=300\
      &X-Amz-Signature=484735df686c9fe6724541d13442a5f741c5cc260eaa76cfa2ef6091bf2d14bc HTTP/1.1
      Host:127.0.0.1:9324
      """;

  /** AwsV4HttpSigner presigning a POST with a body: it signed the body's hash. */
  private static final String SDK_PRESIGNED_POST = """
      POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20250314T092653Z\
      &X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost\
      &X-Amz-Credential=AKIAFERRYEXAMPLE0001%2F20250314%2Fus-east-1%2Fsqs%2Faws4_request&X-Amz-Expires=300\
      &X-Amz-Signature=8b96c032f70ddc5c49e9a1e0bef1d9e39af2341c464145711b48d785a7994478 HTTP/1.1
      Content-Length:36
      Content-Type:application/x-www-form-urlencoded; charset=utf-8
      Host:127.0.0.1:9324

      Action=ListQueues&Version=2012-11-05""";

  /**
   * The older AwsS3V4Signer presigning a PUT as the S3 client does (doubleUrlEncode and normalizePath off,
   * scope service s3, expiry 600 s): S3 signs the path encoded once, and presigned S3 URLs sign no payload.
   */
  private static final String SDK_S3_PRESIGNED_PUT = """
      PUT /bucket/my%20key/%E1%88%B4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20250314T092653Z\
      &X-Amz-SignedHeaders=host&X-Amz-Expires=600\
      &X-Amz-Credential=AKIAFERRYEXAMPLE0001%2F20250314%2Fus-east-1%2Fs3%2Faws4_request\
      &X-Amz-Signature=e695f256f18694b847cc0d6beec4efe3d110b9e1bdfc34cdffcccbc1ee2a03c5 HTTP/1.1
      Host:127.0.0.1:9324

      hello""";

  // --- AWS's published test suite, header form ---

  @Test
  void getVanilla() {
    assertSuiteSignatureHolds("""
        GET / HTTP/1.1
        Host:example.amazonaws.com
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
        """);
  }

  @Test
  void getVanillaQueryOrderKeyCase() {
    assertSuiteSignatureHolds("""
        GET /?Param2=value2&Param1=value1 HTTP/1.1
        Host:example.amazonaws.com
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500
        """);
  }

  @Test
  void getVanillaQueryOrderEncoded() {
    assertSuiteSignatureHolds("""
        GET /?Param-3=Value3&Param=Value2&%E1%88%B4=Value1 HTTP/1.1
        Host:example.amazonaws.com
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, Signature=371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac
        """);
  }

  /** The suite writes the path and query unencoded (U+1234); the canonical forms encode them once. */
  @Test
  void getUtf8() {
    assertSuiteSignatureHolds("""
        GET /\u1234 HTTP/1.1
        Host:example.amazonaws.com
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85
        """);
  }

  @Test
  void getVanillaUtf8Query() {
    assertSuiteSignatureHolds("""
        GET /?\u1234=bar HTTP/1.1
        Host:example.amazonaws.com
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04
        """);
  }

  @Test
  void getSpace() {
    assertSuiteSignatureHolds("""
        GET /example space/ HTTP/1.1
        Host:example.amazonaws.com
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741
        """);
  }

  /** The suite signs GET // both normalised (as /) and not; a verifier cannot tell which the client did. */
  @Test
  void getSlashNormalizedAndUnnormalized() {
    assertSuiteSignatureHolds("""
        GET // HTTP/1.1
        Host:example.amazonaws.com
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
        """);
    assertSuiteSignatureHolds("""
        GET // HTTP/1.1
        Host:example.amazonaws.com
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, Signature=c88bcd3d312d75078c0cd961d6deae3f4c754924b01669efcfcb439fd5e5b76e
        """);
  }

  @Test
  void getSlashesNormalized() {
    assertSuiteSignatureHolds("""
        GET //example// HTTP/1.1
        Host:example.amazonaws.com
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, Signature=9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84
        """);
  }

  @Test
  void getRelativeRelativeNormalized() {
    assertSuiteSignatureHolds("""
        GET /example1/example2/../.. HTTP/1.1
        Host:example.amazonaws.com
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
        """);
  }

  @Test
  void getHeaderValueTrim() {
    assertSuiteSignatureHolds("""
        GET / HTTP/1.1
        Host:example.amazonaws.com
        My-Header1: value1
        My-Header2: "a   b   c"
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;my-header1;my-header2;x-amz-date, \
        Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736
        """);
  }

  /** A header sent three times reaches the verifier as one candidate, its values joined by ','. */
  @Test
  void getHeaderKeyDuplicate() {
    assertSuiteSignatureHolds("""
        GET / HTTP/1.1
        Host:example.amazonaws.com
        My-Header1:value2
        My-Header1:value2
        My-Header1:value1
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;my-header1;x-amz-date, \
        Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea
        """);
  }

  @Test
  void getVanillaWithSessionToken() {
    assertSuiteSignatureHolds("""
        GET / HTTP/1.1
        Host:example.amazonaws.com
        X-Amz-Security-Token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date;x-amz-security-token, \
        Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8
        """);
  }

  @Test
  void postVanillaQuery() {
    assertSuiteSignatureHolds("""
        POST /?Param1=value1 HTTP/1.1
        Host:example.amazonaws.com
        X-Amz-Date:20150830T123600Z
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11
        """);
  }

  @Test
  void postXWwwFormUrlencoded() {
    assertSuiteSignatureHolds("""
        POST / HTTP/1.1
        Content-Type:application/x-www-form-urlencoded
        Host:example.amazonaws.com
        Content-Length:13
        X-Amz-Date:20150830T123600Z
        x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, \
        Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b

        Param1=value1""");
  }

  /** The 2011 suite's get-vanilla: no x-amz-date, so the Date header (weekday wrong in the original) dates it. */
  @Test
  void dateHeaderStandsInForXAmzDate() {
    SigV4Verifier verifier = verifierAt("2011-09-09T23:36:00Z");
    String signed = """
        GET / HTTP/1.1
        Date:Mon, 09 Sep 2011 23:36:00 GMT
        Host:host.foo.com
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20110909/us-east-1/host/aws4_request, \
        SignedHeaders=date;host, Signature=b27ccfbfa7df52a200ff74193ca6e32d4b48b8856fab7ebf1c595d0670a7e470
        """;
    assertEquals(new Verified("AKIDEXAMPLE", "us-east-1", "host"), verifier.verify(parse(signed)));
    assertRefused(Reason.SIGNATURE_MISMATCH, verifier.verify(parse(withOneSignatureByteChanged(signed))));
  }

  // --- AWS's published test suite, query-string form ---

  @Test
  void getVanillaPresigned() {
    assertSuiteSignatureHolds("""
        GET /?X-Amz-Algorithm=AWS4-HMAC-SHA256\
        &X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z\
        &X-Amz-SignedHeaders=host&X-Amz-Expires=3600\
        &X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d HTTP/1.1
        Host:example.amazonaws.com
        """);
  }

  @Test
  void getUtf8Presigned() {
    assertSuiteSignatureHolds("""
        GET /\u1234?X-Amz-Algorithm=AWS4-HMAC-SHA256\
        &X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z\
        &X-Amz-SignedHeaders=host&X-Amz-Expires=3600\
        &X-Amz-Signature=10eae3f14a260bd3911cc6d008d3c576d143b05b62f09782a7a4b37f52178e44 HTTP/1.1
        Host:example.amazonaws.com
        """);
  }

  @Test
  void postVanillaQueryPresigned() {
    assertSuiteSignatureHolds("""
        POST /?Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256\
        &X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z\
        &X-Amz-SignedHeaders=host&X-Amz-Expires=3600\
        &X-Amz-Signature=a9ef26247f293bffe40eeff86a0480ba8c14d31503b2e0c3399e3a16bf1a3682 HTTP/1.1
        Host:example.amazonaws.com
        """);
  }

  @Test
  void postXWwwFormUrlencodedPresigned() {
    assertSuiteSignatureHolds("""
        POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256\
        &X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z\
        &X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost&X-Amz-Expires=3600\
        &X-Amz-Signature=89a40deed0f26f9461242825a082d2222717248abc7ab41f552ad84a94ad46e9 HTTP/1.1
        Content-Type:application/x-www-form-urlencoded
        Host:example.amazonaws.com
        Content-Length:13

        Param1=value1""");
  }

  @Test
  void getVanillaWithSessionTokenPresigned() {
    assertSuiteSignatureHolds("""
        GET /?X-Amz-Algorithm=AWS4-HMAC-SHA256\
        &X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z\
        &X-Amz-SignedHeaders=host&X-Amz-Expires=3600\
        &X-Amz-Security-Token=6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267\
        &X-Amz-Signature=7ff2b50b376cb4d151970630573d6291dc128cc5c2a12ffb237f73cc53f67b6c HTTP/1.1
        Host:example.amazonaws.com
        """);
  }

  /** The second lines (canonical URI) and third lines (canonical query) of the suite's canonical requests. */
  @Test
  void canonicalUriAndQueryMatchTheSuite() {
    assertEquals(List.of("/%E1%88%B4"), SigV4Verifier.canonicalUris("/\u1234", "service"));
    assertEquals(List.of("/example%20space/"), SigV4Verifier.canonicalUris("/example space/", "service"));
    assertEquals(List.of("/", "//"), SigV4Verifier.canonicalUris("//", "service"));
    assertEquals(List.of("/example/", "//example//"), SigV4Verifier.canonicalUris("//example//", "service"));
    assertEquals(List.of("/", "/example1/example2/../.."),
        SigV4Verifier.canonicalUris("/example1/example2/../..", "service"));
    assertEquals("%E1%88%B4=Value1&Param=Value2&Param-3=Value3",
        canonicalQuery("Param-3=Value3&Param=Value2&%E1%88%B4=Value1", false));
    assertEquals("-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            + "=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        canonicalQuery("-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            + "=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", false));
    assertEquals("X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
            + "&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600"
            + "&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost",
        canonicalQuery("X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
            + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost"
            + "&X-Amz-Expires=3600&X-Amz-Signature=89a40deed0f26f9461242825a082d2222717248abc7ab41f552ad84a94ad46e9",
            true));
  }

  // --- Requests signed by the AWS SDK for Java v2 ---

  @Test
  void sdkSignedListQueuesVerifies() {
    assertEquals(SDK_SIGNER, sdkVerifier().verify(parse(SDK_LIST_QUEUES)));
    assertRefused(Reason.SIGNATURE_MISMATCH, sdkVerifier().verify(parse(withOneSignatureByteChanged(SDK_LIST_QUEUES))));
  }

  /** Outside S3, AWS signs the path as sent encoded once more: the SDK signed /…/my%2520queue/%25E1%2588%25B4. */
  @Test
  void sdkSignedEncodedPathIsEncodedTwice() {
    assertEquals(SDK_SIGNER, sdkVerifier().verify(parse(SDK_ENCODED_PATH)));
    assertEquals(List.of("/000000000001/my%2520queue/%25E1%2588%25B4"),
        SigV4Verifier.canonicalUris("/000000000001/my%20queue/%E1%88%B4", "sqs"));
  }

  @Test
  void sdkSignedRequestWithoutContentHashHeaderSignsTheBody() {
    assertEquals(SDK_SIGNER, sdkVerifier().verify(parse(SDK_LEGACY_SIGNER)));
    SignedRequest otherBody = withBody(parse(SDK_LEGACY_SIGNER), "Action=DeleteQueue&Version=2012-11-05");
    assertRefused(Reason.SIGNATURE_MISMATCH, sdkVerifier().verify(otherBody));
  }

  @Test
  void sdkPresignedGetVerifiesUntilItExpires() {
    Instant expiry = Instant.parse(SDK_SIGNED_AT).plusSeconds(300);
    assertEquals(SDK_SIGNER, verifierAt(expiry.toString()).verify(parse(SDK_PRESIGNED_GET)));
    assertRefused(Reason.SIGNATURE_MISMATCH,
        verifierAt(expiry.toString()).verify(parse(withOneSignatureByteChanged(SDK_PRESIGNED_GET))));
    assertRefused(Reason.EXPIRED, verifierAt(expiry.plusSeconds(1).toString()).verify(parse(SDK_PRESIGNED_GET)));
  }

  @Test
  void sdkPresignedPostSignsItsBody() {
    assertEquals(SDK_SIGNER, sdkVerifier().verify(parse(SDK_PRESIGNED_POST)));
    SignedRequest otherBody = withBody(parse(SDK_PRESIGNED_POST), "Action=DeleteQueue&Version=2012-11-05");
    assertRefused(Reason.SIGNATURE_MISMATCH, sdkVerifier().verify(otherBody));
  }

  @Test
  void sdkPresignedS3PutSignsThePathOnceAndNoPayload() {
    assertEquals(new Verified(SDK_ACCESS_KEY, "us-east-1", "s3"), sdkVerifier().verify(parse(SDK_S3_PRESIGNED_PUT)));
    assertEquals(List.of("/bucket/my%20key/%E1%88%B4"),
        SigV4Verifier.canonicalUris("/bucket/my%20key/%E1%88%B4", "s3"));
  }

  // --- Refusals and tolerances ---

  @Test
  void noSignatureAtAllIsMissingAuthentication() {
    SignedRequest unsigned = withHeader(parse(SDK_LIST_QUEUES), "authorization", List.of());
    assertRefused(Reason.MISSING_AUTHENTICATION, sdkVerifier().verify(unsigned));
  }

  @Test
  void unknownAccessKeyIsRefused() {
    SigV4Verifier nobodyKnown = new SigV4Verifier(accessKeyId -> Optional.empty(), clockAt(SDK_SIGNED_AT), SKEW);
    Outcome outcome = nobodyKnown.verify(parse(SDK_LIST_QUEUES));
    assertEquals(new Refused(Reason.UNKNOWN_ACCESS_KEY, "The security token included in the request is invalid."),
        outcome);
  }

  @Test
  void wrongSecretIsASignatureMismatch() {
    SigV4Verifier wrongSecret = new SigV4Verifier(accessKeyId -> Optional.of("not-the-secret"),
        clockAt(SDK_SIGNED_AT), SKEW);
    assertRefused(Reason.SIGNATURE_MISMATCH, wrongSecret.verify(parse(SDK_LIST_QUEUES)));
  }

  @Test
  void requestDatedBeyondTheSkewIsExpired() {
    Instant signedAt = Instant.parse(SDK_SIGNED_AT);
    assertEquals(SDK_SIGNER, verifierAt(signedAt.plus(SKEW).toString()).verify(parse(SDK_LIST_QUEUES)));
    assertEquals(SDK_SIGNER, verifierAt(signedAt.minus(SKEW).toString()).verify(parse(SDK_LIST_QUEUES)));

    Outcome stale = verifierAt(signedAt.plus(SKEW).plusSeconds(1).toString()).verify(parse(SDK_LIST_QUEUES));
    assertEquals(new Refused(Reason.EXPIRED, "Signature expired: 20250314T092653Z is now earlier than"
        + " 20250314T092654Z (20250314T094154Z - 15 min.)"), stale);
    Outcome early = verifierAt(signedAt.minus(SKEW).minusSeconds(1).toString()).verify(parse(SDK_LIST_QUEUES));
    assertEquals(new Refused(Reason.EXPIRED, "Signature not yet current: 20250314T092653Z is still later than"
        + " 20250314T092652Z (20250314T091152Z + 15 min.)"), early);
  }

  @Test
  void signedHeaderAbsentFromTheRequestIsIncomplete() {
    SignedRequest withoutLength = withHeader(parse(SDK_LIST_QUEUES), "content-length", List.of());
    assertEquals(new Refused(Reason.INCOMPLETE_SIGNATURE,
        "Signed header 'content-length' is not present in the request."), sdkVerifier().verify(withoutLength));
  }

  @Test
  void authorizationWithoutSignatureIsIncomplete() {
    SignedRequest request = withHeader(parse(SDK_LIST_QUEUES), "authorization", List.of(
        "AWS4-HMAC-SHA256 Credential=AKIAFERRYEXAMPLE0001/20250314/us-east-1/sqs/aws4_request, SignedHeaders=host"));
    assertEquals(new Refused(Reason.INCOMPLETE_SIGNATURE, "Authorization header requires 'Signature' parameter."),
        sdkVerifier().verify(request));
  }

  @Test
  void credentialScopeWithoutItsTerminatorIsIncomplete() {
    SignedRequest request = parse(SDK_LIST_QUEUES.replace("/sqs/aws4_request", "/sqs/aws5_request"));
    assertRefused(Reason.INCOMPLETE_SIGNATURE, sdkVerifier().verify(request));
  }

  @Test
  void bodyNotMatchingItsSignedHashIsRefused() {
    SignedRequest otherBody = withBody(parse(SDK_LIST_QUEUES), "Action=DeleteQueue&Version=2012-11-05");
    assertEquals(new Refused(Reason.SIGNATURE_MISMATCH,
        "The provided 'x-amz-content-sha256' header does not match what was computed."),
        sdkVerifier().verify(otherBody));
  }

  @Test
  void authorizationFieldsMayCarryExtraWhitespace() {
    String spaced = SDK_LIST_QUEUES.replace("Credential=", "Credential =")
        .replace(", SignedHeaders=", " ,SignedHeaders = ")
        .replace(", Signature=", ",  Signature= ");
    assertEquals(SDK_SIGNER, sdkVerifier().verify(parse(spaced)));
  }

  /** The HTTP layer re-renders the charset as UTF-8; the caller offers both renderings and one matches. */
  @Test
  void contentTypeMatchesInItsSecondCandidateRendering() {
    SignedRequest request = parse(SDK_LIST_QUEUES);
    assertEquals(SDK_SIGNER,
        sdkVerifier().verify(withHeader(request, "content-type", List.of(FORM_UTF8_UPPER, FORM_UTF8_LOWER))));
    assertRefused(Reason.SIGNATURE_MISMATCH,
        sdkVerifier().verify(withHeader(request, "content-type", List.of(FORM_UTF8_UPPER))));
  }

  /** The suite's post-x-www-form-urlencoded-parameters, its content type re-rendered first, as sent second. */
  @Test
  void suiteFormContentTypeMatchesInItsSecondCandidateRendering() {
    SignedRequest request = withHeader(parse("""
        POST / HTTP/1.1
        Content-Type:application/x-www-form-urlencoded; charset=utf-8
        Host:example.amazonaws.com
        Content-Length:13
        X-Amz-Date:20150830T123600Z
        x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
        Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
        SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, \
        Signature=328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422

        Param1=value1"""), "content-type", List.of(FORM_UTF8_UPPER, FORM_UTF8_LOWER));
    assertEquals(SUITE_SIGNER, verifierAt("2015-08-30T12:36:00Z").verify(request));
  }

  // --- helpers ---

  private static void assertSuiteSignatureHolds(String signedRequest) {
    SigV4Verifier verifier = verifierAt("2015-08-30T12:36:00Z");
    assertEquals(SUITE_SIGNER, verifier.verify(parse(signedRequest)));
    assertRefused(Reason.SIGNATURE_MISMATCH, verifier.verify(parse(withOneSignatureByteChanged(signedRequest))));
  }

  private static void assertRefused(Reason reason, Outcome outcome) {
    Refused refused = assertInstanceOf(Refused.class, outcome);
    assertEquals(reason, refused.reason(), refused.message());
    assertFalse(refused.message().isBlank());
  }

  private static SigV4Verifier sdkVerifier() {
    return verifierAt(SDK_SIGNED_AT);
  }

  private static SigV4Verifier verifierAt(String instant) {
    Map<String, String> secrets = Map.of("AKIDEXAMPLE", SUITE_SECRET, SDK_ACCESS_KEY, SDK_SECRET);
    return new SigV4Verifier(accessKeyId -> Optional.ofNullable(secrets.get(accessKeyId)), clockAt(instant), SKEW);
  }

  private static Clock clockAt(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  private static String canonicalQuery(String rawQuery, boolean presigned) {
    return SigV4Verifier.canonicalQuery(SigV4Verifier.QueryParameter.parseAll(rawQuery), presigned);
  }

  /** The last hex digit of the request's one signature changed: 0 to 1, anything else to 0. */
  private static String withOneSignatureByteChanged(String signedRequest) {
    int lastDigit = signedRequest.indexOf("Signature=") + "Signature=".length() + 63;
    char changed = signedRequest.charAt(lastDigit) == '0' ? '1' : '0';
    return signedRequest.substring(0, lastDigit) + changed + signedRequest.substring(lastDigit + 1);
  }

  /**
   * A request in the test suite's text form. Headers sent several times are joined by ',' into one candidate,
   * and folded continuation lines join their header's value with a space.
   */
  private static SignedRequest parse(String text) {
    int blankLine = text.indexOf("\n\n");
    String head = blankLine < 0 ? text : text.substring(0, blankLine);
    String body = blankLine < 0 ? "" : text.substring(blankLine + 2);
    String[] lines = head.split("\n");
    String method = lines[0].substring(0, lines[0].indexOf(' '));
    String target = lines[0].substring(method.length() + 1, lines[0].lastIndexOf(" HTTP/"));
    Map<String, List<String>> occurrences = new LinkedHashMap<>();
    String lastName = null;
    for (String line : Arrays.asList(lines).subList(1, lines.length)) {
      if (Character.isWhitespace(line.charAt(0))) {
        List<String> values = occurrences.get(lastName);
        values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.strip());
        continue;
      }
      int colon = line.indexOf(':');
      lastName = line.substring(0, colon).toLowerCase(Locale.ROOT);
      occurrences.computeIfAbsent(lastName, name -> new ArrayList<>()).add(line.substring(colon + 1));
    }
    Map<String, List<String>> headers = new HashMap<>();
    occurrences.forEach((name, values) -> headers.put(name, List.of(String.join(",", values))));
    int question = target.indexOf('?');
    return new SignedRequest(method, question < 0 ? target : target.substring(0, question),
        question < 0 ? "" : target.substring(question + 1), headers, body.getBytes(UTF_8));
  }

  private static SignedRequest withHeader(SignedRequest request, String name, List<String> candidates) {
    Map<String, List<String>> headers = new HashMap<>(request.headers());
    headers.put(name, candidates);
    return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
  }

  private static SignedRequest withBody(SignedRequest request, String body) {
    return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), request.headers(),
        body.getBytes(UTF_8));
  }
}
