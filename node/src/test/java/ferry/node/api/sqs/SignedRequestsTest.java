package ferry.node.api.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.model.AmazonSQSException;
import ferry.node.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * A node with credentials configured: every request needs a valid Signature Version 4 of a
 * known key, and each key's account sees only its own queues.
 */
class SignedRequestsTest {
  private final TestNode node = TestNode.signed();
  private final SqsClient alpha = node.sqsJson(TestNode.ALPHA_KEY, TestNode.ALPHA_SECRET);
  private final SqsClient beta = node.sqsJson(TestNode.BETA_KEY, TestNode.BETA_SECRET);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void eachAccountHasItsOwnQueuesUnderTheSameName() {
    String name = TestNode.uniqueName("mine");
    String alphaUrl = alpha.createQueue(r -> r.queueName(name)).queueUrl();
    String betaUrl = beta.createQueue(r -> r.queueName(name)).queueUrl();
    assertTrue(alphaUrl.endsWith("/" + TestNode.ALPHA_ACCOUNT + "/" + name), alphaUrl);
    assertTrue(betaUrl.endsWith("/" + TestNode.BETA_ACCOUNT + "/" + name), betaUrl);
    alpha.sendMessage(r -> r.queueUrl(alphaUrl).messageBody("for alpha"));
    assertTrue(beta.receiveMessage(r -> r.queueUrl(betaUrl)).messages().isEmpty());
    assertEquals(java.util.List.of(alphaUrl), alpha.listQueues(r -> r.queueNamePrefix(name)).queueUrls());
    assertThrows(QueueDoesNotExistException.class, () -> beta.sendMessage(r -> r.queueUrl(alphaUrl).messageBody("x")));
  }

  @Test
  void aWrongSecretOrAnUnknownKeyIsRefused() {
    SqsException wrongSecret = assertThrows(SqsException.class,
        () -> node.sqsJson(TestNode.ALPHA_KEY, "not-the-secret").listQueues());
    assertEquals("SignatureDoesNotMatch", wrongSecret.awsErrorDetails().errorCode());
    assertEquals(403, wrongSecret.statusCode());
    SqsException unknown = assertThrows(SqsException.class, () -> node.sqsJson("AKIDNOBODY", "whatever").listQueues());
    assertEquals("InvalidClientTokenId", unknown.awsErrorDetails().errorCode());
    assertEquals(403, unknown.statusCode());
  }

  @Test
  void theQueryProtocolIsSignedAndCheckedToo() {
    AmazonSQS query = node.sqsQuery(TestNode.BETA_KEY, TestNode.BETA_SECRET);
    String url = query.createQueue(TestNode.uniqueName("query-signed")).getQueueUrl();
    query.sendMessage(url, "signed form post with a path-style queue URL");
    assertEquals(1, query.receiveMessage(url).getMessages().size());
    AmazonSQSException refused = assertThrows(AmazonSQSException.class,
        () -> node.sqsQuery(TestNode.BETA_KEY, "wrong").listQueues());
    assertEquals("SignatureDoesNotMatch", refused.getErrorCode());
  }

  @Test
  void anUnsignedRequestIsMissingItsToken() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.endpoint.resolve("/"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("Action=ListQueues")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(403, response.statusCode());
    assertTrue(response.body().contains("<Code>MissingAuthenticationToken</Code>"), response.body());
  }

  @Test
  void aRequestSignedTwentyMinutesAgoHasExpired() throws Exception {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC);
    HttpResponse<String> response = send(sign(formPost("Action=ListQueues&Version=2012-11-05"), "Action=ListQueues&Version=2012-11-05", past, false));
    assertEquals(400, response.statusCode(), response.body());
    assertTrue(response.body().contains("<Code>RequestExpired</Code>"), response.body());
  }

  @Test
  void aSignedFormContentTypeWithItsCharsetIsAccepted() throws Exception {
    String body = "Action=ListQueues&Version=2012-11-05";
    HttpResponse<String> response = send(sign(formPost(body), body, Clock.systemUTC(), false));
    assertEquals(200, response.statusCode(), response.body());
  }

  @Test
  void aPresignedQueryStringRequestIsAccepted() throws Exception {
    SdkHttpFullRequest get = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET)
        .uri(URI.create(node.endpoint + "/?Action=ListQueues&Version=2012-11-05")).build();
    HttpResponse<String> response = send(sign(get, null, Clock.systemUTC(), true));
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.body().contains("<ListQueuesResponse"), response.body());
  }

  private SdkHttpFullRequest formPost(String body) {
    return SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(node.endpoint.resolve("/"))
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .putHeader("Content-Length", Integer.toString(body.length()))
        .build();
  }

  private static SignedRequest sign(SdkHttpFullRequest request, String body, Clock clock, boolean presigned) {
    return AwsV4HttpSigner.create().sign(signing -> {
      signing.identity(AwsCredentialsIdentity.create(TestNode.ALPHA_KEY, TestNode.ALPHA_SECRET)).request(request)
          .putProperty(HttpSigner.SIGNING_CLOCK, clock)
          .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sqs");
      if (body != null) {
        signing.payload(ContentStreamProvider.fromUtf8String(body));
      }
      if (presigned) {
        signing.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
            .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5));
      }
    });
  }

  private HttpResponse<String> send(SignedRequest signed) throws Exception {
    SdkHttpRequest request = signed.request();
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.getUri());
    request.headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
        values.forEach(value -> builder.header(name, value));
      }
    });
    byte[] body = signed.payload().isPresent() ? signed.payload().get().newStream().readAllBytes() : new byte[0];
    builder.method(request.method().name(), body.length == 0 && request.method() == SdkHttpMethod.GET
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
