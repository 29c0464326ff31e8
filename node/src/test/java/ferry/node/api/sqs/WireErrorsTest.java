package ferry.node.api.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ferry.node.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a client that is not an SDK can get wrong on the wire: every mistake is answered in the
 * protocol's own error shape with a 4xx, never a 500 or a hang.
 */
class WireErrorsTest {
  private final TestNode node = TestNode.shared();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> json(String target, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(node.endpoint.resolve("/"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-amz-json-1.0")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (target != null) {
      request.header("X-Amz-Target", target);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> form(String body) throws Exception {
    return http.send(HttpRequest.newBuilder(node.endpoint.resolve("/"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertJsonError(HttpResponse<String> response, int status, String shape, String code) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.body().contains("\"__type\":\"com.amazonaws.sqs#" + shape + "\""), response.body());
    assertEquals(code + ";Sender", response.headers().firstValue("x-amzn-query-error").orElse(""));
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/x-amz-json-1.0"));
  }

  private static void assertXmlError(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.body().contains("<ErrorResponse"), response.body());
    assertTrue(response.body().contains("<Type>Sender</Type><Code>" + code + "</Code>"), response.body());
  }

  @Test
  void malformedJsonIsASerializationError() throws Exception {
    assertJsonError(json("AmazonSQS.ListQueues", "{not json"), 400, "SerializationException", "SerializationException");
    assertJsonError(json("AmazonSQS.ListQueues", "[1,2]"), 400, "SerializationException", "SerializationException");
  }

  @Test
  void unknownOrMissingActionsAreRefusedInBothProtocols() throws Exception {
    assertJsonError(json("AmazonSQS.FlyToTheMoon", "{}"), 400, "InvalidAction", "InvalidAction");
    assertJsonError(json(null, "{}"), 400, "MissingAction", "MissingAction");
    assertXmlError(form("Action=FlyToTheMoon"), 400, "InvalidAction");
    assertXmlError(form("QueueName=x"), 400, "MissingAction");
  }

  @Test
  void wrongTypesAndMissingParametersAreClientErrors() throws Exception {
    assertJsonError(json("AmazonSQS.CreateQueue", "{}"), 400, "MissingParameter", "MissingParameter");
    assertJsonError(json("AmazonSQS.CreateQueue", "{\"QueueName\":{\"nested\":1}}"), 400,
        "InvalidParameterValue", "InvalidParameterValue");
    String url = node.sqsJson().createQueue(r -> r.queueName(TestNode.uniqueName("wire"))).queueUrl();
    assertJsonError(json("AmazonSQS.ReceiveMessage", "{\"QueueUrl\":\"" + url + "\",\"MaxNumberOfMessages\":\"many\"}"),
        400, "InvalidParameterValue", "InvalidParameterValue");
    assertXmlError(form("Action=ReceiveMessage&QueueUrl=" + url + "&WaitTimeSeconds=abc"), 400, "InvalidParameterValue");
    assertXmlError(form("Action=SendMessage&QueueUrl=" + url), 400, "MissingParameter");
    assertXmlError(form("Action=SendMessage&QueueUrl=" + url + "&MessageBody=%ZZ"), 400, "MalformedQueryString");
  }

  @Test
  void queryProtocolAlsoWorksAsAGetWithTheQueueInThePath() throws Exception {
    String name = TestNode.uniqueName("get");
    node.sqsJson().createQueue(r -> r.queueName(name));
    HttpResponse<String> sent = http.send(HttpRequest.newBuilder(
        URI.create(node.endpoint + "/000000000000/" + name + "?Action=SendMessage&MessageBody=via%20get")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, sent.statusCode(), sent.body());
    assertTrue(sent.body().contains("<MD5OfMessageBody>"), sent.body());
    assertEquals("via get", node.sqsJson().receiveMessage(r -> r.queueUrl(node.endpoint + "/000000000000/" + name))
        .messages().get(0).body());
  }

  @Test
  void oversizeBodiesAreRefusedFromTheirDeclaredLengthWithoutBeingRead() throws Exception {
    // Declare 64 MiB but send nothing: the answer must come without the server waiting for the body.
    try (Socket socket = new Socket(node.endpoint.getHost(), node.endpoint.getPort())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
          + "X-Amz-Target: AmazonSQS.SendMessage\r\nContent-Length: 67108864\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = readHead(socket.getInputStream());
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(response.contains("x-amzn-query-error: RequestEntityTooLarge;Sender"), response);
    }
    HttpResponse<String> form = form("Action=SendMessage&MessageBody=" + "x".repeat(5 * 1024 * 1024));
    assertXmlError(form, 413, "RequestEntityTooLarge");
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      head.append((char) c);
      if (head.toString().endsWith("\r\n\r\n")) {
        break;
      }
    }
    return head.toString();
  }
}
