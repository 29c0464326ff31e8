package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.protocol.queue.AttributeValue;
import ferry.protocol.queue.NewMessage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request work of the SQS front end, per protocol: reading a SendMessageBatch of ten
 * 256-byte messages, the digests clients check, and writing a ReceiveMessage result of ten
 * messages. Lives in the front end's package to reach its package-private classes; run with
 * {@code mvn -B -Pjmh -DskipTests verify}, not by the tests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SqsWireBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY = "x".repeat(256);
  private static final Map<String, AttributeValue> ATTRIBUTES = Map.of(
      "color", AttributeValue.ofString("String", "blue"),
      "price", AttributeValue.ofString("Number.float", "12.5"),
      "image", AttributeValue.ofBinary("Binary", "small picture".getBytes(StandardCharsets.UTF_8)));

  private final String queryBatch;
  private final byte[] jsonBatch;
  private final ObjectNode receiveResult;

  public SqsWireBenchmark() {
    StringBuilder form = new StringBuilder("Action=SendMessageBatch&Version=2012-11-05&QueueUrl=http%3A%2F%2F127.0.0.1%3A9324%2F000000000000%2Fq");
    ObjectNode json = JSON.createObjectNode().put("QueueUrl", "http://127.0.0.1:9324/000000000000/q");
    var entries = json.putArray("Entries");
    ObjectNode result = JSON.createObjectNode();
    var messages = result.putArray("Messages");
    for (int i = 1; i <= 10; i++) {
      form.append("&SendMessageBatchRequestEntry.").append(i).append(".Id=m").append(i)
          .append("&SendMessageBatchRequestEntry.").append(i).append(".MessageBody=").append(BODY)
          .append("&SendMessageBatchRequestEntry.").append(i).append(".MessageAttribute.1.Name=color")
          .append("&SendMessageBatchRequestEntry.").append(i).append(".MessageAttribute.1.Value.DataType=String")
          .append("&SendMessageBatchRequestEntry.").append(i).append(".MessageAttribute.1.Value.StringValue=blue");
      ObjectNode entry = entries.addObject().put("Id", "m" + i).put("MessageBody", BODY);
      entry.putObject("MessageAttributes").putObject("color").put("DataType", "String").put("StringValue", "blue");
      ObjectNode message = messages.addObject().put("MessageId", "6b3a7c0e-0000-4000-8000-00000000000" + (i % 10))
          .put("ReceiptHandle", "AAABojAoo68AAAAAAAAAAQAAAAGLzH8J").put("MD5OfBody", MessageDigests.ofBody(BODY)).put("Body", BODY);
      message.putObject("Attributes").put("SentTimestamp", "1796104300539").put("ApproximateReceiveCount", "1");
    }
    queryBatch = form.toString();
    jsonBatch = JSON.createObjectNode().setAll(json).toString().getBytes(StandardCharsets.UTF_8);
    receiveResult = result;
  }

  @Benchmark
  public Object readQuerySendMessageBatch() {
    Map<String, String> fields = new LinkedHashMap<>();
    QueryParameters.decodeForm(queryBatch, fields);
    return readMessages(new SqsParams(QueryParameters.toJsonShape(fields)));
  }

  @Benchmark
  public Object readJsonSendMessageBatch() throws Exception {
    return readMessages(new SqsParams((ObjectNode) JSON.readTree(jsonBatch)));
  }

  private static Object readMessages(SqsParams params) {
    NewMessage last = null;
    for (SqsParams entry : BatchEntries.read(params, "SendMessageBatchRequestEntry")) {
      last = NewMessages.read(entry, false);
    }
    return last;
  }

  @Benchmark
  public byte[] writeXmlReceiveResult() {
    return XmlResults.result("ReceiveMessage", receiveResult, "5a97f546-9967-461b-8b18-800ff503c5e6");
  }

  @Benchmark
  public Object writeJsonReceiveResult() {
    return SqsResponses.result(SqsProtocol.JSON, "ReceiveMessage", receiveResult, "5a97f546-9967-461b-8b18-800ff503c5e6");
  }

  @Benchmark
  public String md5OfThreeAttributes() {
    return MessageDigests.ofAttributes(ATTRIBUTES);
  }

  @Benchmark
  public Object readQueueUrl() {
    return QueueUrls.pathOf("http://127.0.0.1:9324/000000000000/q");
  }

  @Benchmark
  public String md5OfBody() {
    return MessageDigests.ofBody(BODY);
  }
}
