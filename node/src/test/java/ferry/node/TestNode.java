package ferry.node;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One Ferry node in the test JVM, started once and shared by every API test class: a real
 * one-node cluster with sharding and the JDBC journal on an in-memory H2 database, on free
 * loopback ports, with a clock tests can move forward.
 */
public final class TestNode {
  private static TestNode shared;
  private static TestNode signed;

  /** Access keys of the node that checks signatures: two accounts. */
  public static final String ALPHA_KEY = "AKIDALPHAEXAMPLE";
  public static final String ALPHA_SECRET = "alpha/secret/key";
  public static final String ALPHA_ACCOUNT = "111111111111";
  public static final String BETA_KEY = "AKIDBETAEXAMPLE";
  public static final String BETA_SECRET = "beta/secret/key";
  public static final String BETA_ACCOUNT = "222222222222";

  public final ShiftableClock clock = new ShiftableClock();
  public final URI endpoint;
  private final SqsClient sqsJson;
  private final AmazonSQS sqsQuery;

  private TestNode(String credentials) throws Exception {
    var overrides = ConfigFactory.parseMap(Map.of(
        "ferry.http.port", 0,
        "ferry.remote.port", 0,
        "ferry.management.port", 0,
        "ferry.ask-timeout", "5s",
        "ferry.auth.credentials", credentials,
        "ferry.db.url", "jdbc:h2:mem:ferry-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), NodeConfig.SYSTEM_NAME,
        NodeConfig.load(overrides));
    Node node = Node.start(system, clock).toCompletableFuture().get(60, TimeUnit.SECONDS);
    endpoint = URI.create("http://127.0.0.1:" + node.httpAddress().getPort());
    sqsJson = sqsJson("test", "test");
    sqsQuery = sqsQuery("test", "test");
  }

  /** The node every API test shares: any signature accepted, one account. */
  public static synchronized TestNode shared() {
    if (shared == null) {
      shared = start("");
    }
    return shared;
  }

  /** A second node that checks Signature Version 4 against two accounts' keys. */
  public static synchronized TestNode signed() {
    if (signed == null) {
      signed = start(ALPHA_KEY + ":" + ALPHA_SECRET + ":" + ALPHA_ACCOUNT + "," + BETA_KEY + ":" + BETA_SECRET + ":" + BETA_ACCOUNT);
    }
    return signed;
  }

  private static TestNode start(String credentials) {
    try {
      return new TestNode(credentials);
    } catch (Exception e) {
      throw new IllegalStateException("the test node did not start", e);
    }
  }

  /** An SDK v2 (JSON protocol) client with the given key. */
  public SqsClient sqsJson(String accessKey, String secretKey) {
    return sqsJson(endpoint, accessKey, secretKey);
  }

  /** An SDK v2 (JSON protocol) client of a node at {@code endpoint}. */
  static SqsClient sqsJson(URI endpoint, String accessKey, String secretKey) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(40)))
        .build();
  }

  /** An SDK v1 (Query protocol) client with the given key. */
  public AmazonSQS sqsQuery(String accessKey, String secretKey) {
    return AmazonSQSClientBuilder.standard()
        .withEndpointConfiguration(new EndpointConfiguration(endpoint.toString(), "us-east-1"))
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKey, secretKey)))
        .build();
  }

  /** AWS SDK for Java v2: the SQS JSON protocol. */
  public SqsClient sqsJson() {
    return sqsJson;
  }

  /** AWS SDK for Java v1 before 1.12.584: the SQS Query protocol. */
  public AmazonSQS sqsQuery() {
    return sqsQuery;
  }

  /** A queue name no other test uses. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
