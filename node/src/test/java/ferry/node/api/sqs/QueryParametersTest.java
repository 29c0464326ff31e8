package ferry.node.api.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Query parameters are read into the JSON protocol's shape, lists in index order. */
class QueryParametersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String reshaped(String form) {
    Map<String, String> fields = new LinkedHashMap<>();
    QueryParameters.decodeForm(form, fields);
    return QueryParameters.toJsonShape(fields).toString();
  }

  @Test
  void attributeListsBecomeMapsAndNameListsBecomeArrays() throws Exception {
    assertEquals(JSON.readTree("{\"QueueName\":\"q\",\"Attributes\":{\"DelaySeconds\":\"5\",\"VisibilityTimeout\":\"9\"},"
            + "\"Tags\":{\"team\":\"core\"}}"),
        JSON.readTree(reshaped("QueueName=q&Attribute.2.Name=VisibilityTimeout&Attribute.2.Value=9"
            + "&Attribute.1.Name=DelaySeconds&Attribute.1.Value=5&Tag.1.Key=team&Tag.1.Value=core")));
    assertEquals(JSON.readTree("{\"AttributeNames\":[\"a\",\"b\",\"c\"]}"),
        JSON.readTree(reshaped("AttributeName.10=c&AttributeName.2=b&AttributeName.1=a")));
  }

  @Test
  void batchEntriesBecomeAListOfStructuresWithTheirOwnAttributeMaps() throws Exception {
    assertEquals(JSON.readTree("{\"Entries\":[{\"Id\":\"a\",\"MessageBody\":\"x y\",\"MessageAttributes\":"
            + "{\"n\":{\"DataType\":\"Number\",\"StringValue\":\"1\"}}},{\"Id\":\"b\",\"MessageBody\":\"+\"}]}"),
        JSON.readTree(reshaped("SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=x+y"
            + "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=n"
            + "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=Number"
            + "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=1"
            + "&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=%2B")));
  }

  @Test
  void listsOfOneMemberMayLeaveOutTheIndexAsOlderClientsDo() throws Exception {
    assertEquals(JSON.readTree("{\"AttributeNames\":[\"All\"],\"Attributes\":{\"VisibilityTimeout\":\"45\"},"
            + "\"AWSAccountIds\":[\"111122223333\"],\"Actions\":[\"SendMessage\"]}"),
        JSON.readTree(reshaped("AttributeName=All&Attribute.Name=VisibilityTimeout&Attribute.Value=45"
            + "&AWSAccountId=111122223333&ActionName=SendMessage")));
  }
}
