package ferry.deploy.load;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** AWS SDK for Java v2 clients of node endpoints, made once per endpoint and kind. */
public final class Sqs {
  private static final Map<String, SqsClient> clients = new ConcurrentHashMap<>();

  private Sqs() {}

  /** A client as applications use it: the SDK's standard retries of throttling, 5xx and I/O errors. */
  public static SqsClient client(URI endpoint) {
    return clients.computeIfAbsent("standard " + endpoint, key -> build(endpoint, RetryMode.STANDARD, Duration.ofSeconds(40)));
  }

  /** A client that tries once with a short timeout, for measuring when a queue answers. */
  public static SqsClient probe(URI endpoint) {
    return clients.computeIfAbsent("probe " + endpoint, key -> SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(1)).socketTimeout(Duration.ofSeconds(3)))
        .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)).apiCallTimeout(Duration.ofSeconds(3)))
        .build());
  }

  private static SqsClient build(URI endpoint, RetryMode retryMode, Duration socketTimeout) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(socketTimeout))
        .overrideConfiguration(c -> c.retryStrategy(retryMode))
        .build();
  }
}
