package ferry.node.api.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.node.api.WireJson;
import ferry.node.auth.Credentials;
import ferry.persistence.queue.Queues;
import ferry.protocol.RandomIds;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQS endpoint: {@code /} and queue URL paths {@code /<account>/<name>}, GET or POST. The
 * protocol is decided here once, from the content type; the request is read into the JSON
 * protocol's shape, handed to its action, and the result or refusal is rendered back in the
 * request's protocol. Bodies larger than the limit are refused from their declared length.
 */
public final class SqsRoute extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(SqsRoute.class);
  private static final long BODY_READ_TIMEOUT_MILLIS = 20_000;
  private static final String TARGET_PREFIX = "AmazonSQS.";
  private static final ObjectMapper JSON = WireJson.MAPPER;

  private final Map<String, SqsAction> actions;
  private final SqsSettings settings;
  private final SqsSignatures signatures;
  private final ClassicActorSystemProvider system;
  /** The server's ceiling on any body; an oversize body up to it is drained before the refusal. */
  private final long drainableBytes;

  public SqsRoute(Queues queues, SqsSettings settings, Credentials credentials, Clock clock,
      ClassicActorSystemProvider system) {
    this.actions = SqsActions.all(queues, settings);
    this.settings = settings;
    this.signatures = new SqsSignatures(credentials, clock, settings.allowedClockSkew(), settings.accountId());
    this.system = system;
    this.drainableBytes = system.classicSystem().settings().config()
        .getBytes("pekko.http.server.parsing.max-content-length");
  }

  public Route route() {
    return concat(
        pathEndOrSingleSlash(() -> call(null)),
        path(PathMatchers.segment().slash(PathMatchers.segment()),
            (account, queueName) -> call(new QueuePath(account, queueName))));
  }

  /**
   * For requests no front end took: an unknown path is answered in the SQS protocol the
   * request looks like, not with a bare 404 page.
   */
  public Route unmatched() {
    return extractRequest(request -> complete(SqsResponses.error(
        SqsProtocol.of(request.entity().getContentType().mediaType().subType()), SqsError.INVALID_ADDRESS,
        "The address " + request.getUri().path() + " is not valid for this endpoint.", RandomIds.next())));
  }

  private Route call(QueuePath queuePath) {
    return extractRequest(request -> completeWithFuture(respond(request, queuePath)));
  }

  private CompletionStage<HttpResponse> respond(HttpRequest request, QueuePath queuePath) {
    SqsProtocol protocol = SqsProtocol.of(request.entity().getContentType().mediaType().subType());
    String requestId = RandomIds.next();
    OptionalLong declaredLength = request.entity().getContentLengthOption();
    if (declaredLength.isPresent() && declaredLength.getAsLong() > settings.maxRequestBytes()) {
      return refuseUnread(request, declaredLength.getAsLong(), protocol, requestId);
    }
    // a body that arrived with its headers is already strict: reading it again would start a stream
    CompletionStage<ByteString> body = request.entity() instanceof HttpEntity.Strict strict
        && strict.getData().size() <= settings.maxRequestBytes()
        ? CompletableFuture.completedFuture(strict.getData())
        : request.entity().toStrict(BODY_READ_TIMEOUT_MILLIS, settings.maxRequestBytes(), system).thenApply(HttpEntity.Strict::getData);
    return body
        .thenCompose(data -> dispatch(protocol, request, data, queuePath, requestId))
        .exceptionally(failure -> refusal(protocol, failure, requestId));
  }

  /**
   * A body over the limit is never kept. Up to the server's ceiling it is read and dropped before
   * the refusal goes out: answering first would close the connection under a client still
   * writing, which then sees a reset instead of the error. Above the ceiling the answer is
   * immediate and the connection closes.
   */
  private CompletionStage<HttpResponse> refuseUnread(HttpRequest request, long declaredLength,
      SqsProtocol protocol, String requestId) {
    HttpResponse refusal = tooLarge(protocol, requestId);
    if (declaredLength > drainableBytes) {
      request.discardEntityBytes(system);
      return CompletableFuture.completedFuture(refusal);
    }
    return request.discardEntityBytes(system).completionStage().toCompletableFuture()
        .orTimeout(BODY_READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .handle((drained, failure) -> refusal);
  }

  private CompletionStage<HttpResponse> dispatch(SqsProtocol protocol, HttpRequest request,
      ByteString body, QueuePath queuePath, String requestId) {
    String account = signatures.accountOf(request, body);
    String action;
    SqsParams params;
    if (protocol == SqsProtocol.JSON) {
      action = jsonAction(request);
      params = new SqsParams(jsonBody(body));
    } else {
      if (request.method() != HttpMethods.GET && request.method() != HttpMethods.POST) {
        throw new SqsException(SqsError.INVALID_ACTION, "SQS accepts only GET and POST requests.");
      }
      Map<String, String> fields = new LinkedHashMap<>();
      QueryParameters.decodeForm(request.getUri().rawQueryString().orElse(""), fields);
      if (request.method() == HttpMethods.POST) {
        QueryParameters.decodeForm(body.utf8String(), fields);
      }
      action = fields.remove("Action");
      if (action == null || action.isEmpty()) {
        throw new SqsException(SqsError.MISSING_ACTION, "The request must contain the parameter Action.");
      }
      params = new SqsParams(QueryParameters.toJsonShape(fields));
    }
    SqsAction handler = actions.get(action);
    if (handler == null) {
      throw new SqsException(SqsError.INVALID_ACTION, "The action " + action + " is not valid for this endpoint.");
    }
    SqsCall call = new SqsCall(params, account, signatures.accountsChecked(), baseUrl(request.getUri()), queuePath);
    return handler.handle(call)
        .thenApply(result -> SqsResponses.result(protocol, action, result, requestId));
  }

  private static String jsonAction(HttpRequest request) {
    String target = request.getHeader("X-Amz-Target").map(header -> header.value()).orElse("");
    if (!target.startsWith(TARGET_PREFIX) || target.length() == TARGET_PREFIX.length()) {
      throw new SqsException(SqsError.MISSING_ACTION,
          "The request must carry an X-Amz-Target header of the form AmazonSQS.<Action>.");
    }
    return target.substring(TARGET_PREFIX.length());
  }

  private static ObjectNode jsonBody(ByteString body) {
    if (body.isEmpty()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode parsed = JSON.readTree(body.toArrayUnsafe());
      if (parsed instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException malformed) {
      throw new SqsException(SqsError.SERIALIZATION, "The request body is not valid JSON.");
    } catch (java.io.IOException unreadable) {
      throw new SqsException(SqsError.SERIALIZATION, "The request body cannot be read.");
    }
    throw new SqsException(SqsError.SERIALIZATION, "The request body must be a JSON object.");
  }

  /** The base of queue URLs: configured, or the scheme, host and port this request was sent to. */
  private String baseUrl(Uri uri) {
    if (!settings.baseUrl().isEmpty()) {
      return settings.baseUrl().endsWith("/")
          ? settings.baseUrl().substring(0, settings.baseUrl().length() - 1) : settings.baseUrl();
    }
    return uri.scheme() + "://" + uri.host().address() + ":" + uri.port();
  }

  private HttpResponse tooLarge(SqsProtocol protocol, String requestId) {
    return SqsResponses.error(protocol, SqsError.REQUEST_ENTITY_TOO_LARGE,
        "The request body is larger than " + settings.maxRequestBytes() + " bytes.", requestId);
  }

  private HttpResponse refusal(SqsProtocol protocol, Throwable failure, String requestId) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof SqsException refused) {
      return SqsResponses.error(protocol, refused.error, refused.getMessage(), requestId);
    }
    if (cause instanceof EntityStreamSizeException) {
      return tooLarge(protocol, requestId);
    }
    if (cause instanceof TimeoutException) {
      log.warn("SQS request {} timed out waiting for its queue: {}", requestId, cause.getMessage());
      return SqsResponses.error(protocol, SqsError.SERVICE_UNAVAILABLE,
          "The queue did not answer in time. Please retry.", requestId);
    }
    log.error("SQS request {} failed", requestId, cause);
    return SqsResponses.error(protocol, SqsError.INTERNAL_ERROR,
        "We encountered an internal error. Please try again.", requestId);
  }
}
