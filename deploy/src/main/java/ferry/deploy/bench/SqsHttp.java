package ferry.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * SQS calls in the JSON protocol over Pekko HTTP's pooled, non-blocking client. Requests are
 * unsigned: the peers measured accept any credentials.
 */
final class SqsHttp {
  private static final ContentType AMZ_JSON =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("x-amz-json-1.0", HttpCharsets.UTF_8));
  private static final long RESPONSE_READ_MILLIS = 60_000;

  /** A call the service refused or that did not reach it; {@code kind} is how the run counts it. */
  static final class CallFailed extends RuntimeException {
    final String kind;

    CallFailed(String kind) {
      super(kind, null, false, false);
      this.kind = kind;
    }
  }

  private final ActorSystem<?> system;
  private final Http http;
  private final String endpoint;
  final ObjectMapper json = new ObjectMapper();

  SqsHttp(ActorSystem<?> system, URI endpoint) {
    this.system = system;
    this.http = Http.get(system);
    this.endpoint = endpoint.toString();
  }

  CompletionStage<JsonNode> call(String action, ObjectNode body) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    HttpRequest request = HttpRequest.POST(endpoint)
        .addHeader(RawHeader.create("X-Amz-Target", "AmazonSQS." + action))
        .withEntity(AMZ_JSON, bytes);
    return http.singleRequest(request)
        .thenCompose(response -> response.entity().toStrict(RESPONSE_READ_MILLIS, system).thenApply(strict -> {
          int status = response.status().intValue();
          if (status != 200) {
            String code = response.getHeader("x-amzn-query-error").map(header -> header.value().split(";")[0])
                .orElse("HTTP " + status);
            throw new CallFailed(action + " " + status + " " + code);
          }
          try {
            return strict.getData().isEmpty() ? json.createObjectNode() : json.readTree(strict.getData().toArrayUnsafe());
          } catch (IOException malformed) {
            throw new CallFailed(action + " malformed response");
          }
        }));
  }
}
