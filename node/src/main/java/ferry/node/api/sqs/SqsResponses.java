package ferry.node.api.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.node.api.WireJson;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/** Renders results and errors in the protocol the request came in. */
final class SqsResponses {
  static final ContentType AMZ_JSON =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("x-amz-json-1.0", HttpCharsets.UTF_8));
  private static final ObjectMapper JSON = WireJson.MAPPER;

  private SqsResponses() {}

  static HttpResponse result(SqsProtocol protocol, String action, ObjectNode result, String requestId) {
    if (protocol == SqsProtocol.JSON) {
      return HttpResponse.create()
          .withEntity(AMZ_JSON, json(result))
          .addHeader(RawHeader.create("x-amzn-RequestId", requestId));
    }
    return HttpResponse.create()
        .withEntity(ContentTypes.TEXT_XML_UTF8, XmlResults.result(action, result, requestId))
        .addHeader(RawHeader.create("x-amzn-RequestId", requestId));
  }

  static HttpResponse error(SqsProtocol protocol, SqsError error, String message, String requestId) {
    if (protocol == SqsProtocol.JSON) {
      ObjectNode body = JSON.createObjectNode();
      body.put("__type", "com.amazonaws.sqs#" + error.shape);
      body.put("message", message);
      return HttpResponse.create()
          .withStatus(StatusCodes.get(error.jsonStatus))
          .withEntity(AMZ_JSON, json(body))
          .addHeader(RawHeader.create("x-amzn-RequestId", requestId))
          .addHeader(RawHeader.create("x-amzn-query-error",
              error.legacyCode + ";" + (error.senderFault() ? "Sender" : "Receiver")));
    }
    return HttpResponse.create()
        .withStatus(StatusCodes.get(error.queryStatus))
        .withEntity(ContentTypes.TEXT_XML_UTF8, XmlResults.error(error, message, requestId))
        .addHeader(RawHeader.create("x-amzn-RequestId", requestId));
  }

  private static byte[] json(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("a JSON tree always serializes", impossible);
    }
  }
}
