package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a result in the JSON protocol's shape as the Query protocol's XML: lists and maps are
 * flattened into repeated elements ({@code QueueUrls: [..]} becomes repeated {@code <QueueUrl>},
 * {@code Attributes: {k: v}} becomes repeated {@code <Attribute><Name>k</Name><Value>v</Value>}).
 * Woodstox escapes carriage returns as {@code &#13;}, so message bodies survive the round trip.
 */
final class XmlResults {
  static final String NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/";

  private record MapEntry(String element, String keyElement, String valueElement) {}

  private static final Map<String, MapEntry> MAPS = Map.of(
      "Attributes", new MapEntry("Attribute", "Name", "Value"),
      "Tags", new MapEntry("Tag", "Key", "Value"),
      "MessageAttributes", new MapEntry("MessageAttribute", "Name", "Value"));
  private static final Map<String, String> LIST_ITEMS = Map.of(
      "QueueUrls", "QueueUrl",
      "queueUrls", "QueueUrl",
      "Messages", "Message",
      "Failed", "BatchResultErrorEntry");
  /** Lists whose items are named after the action: {@code <SendMessageBatchResultEntry>}. */
  private static final Set<String> ACTION_ENTRY_LISTS = Set.of("Successful", "Results");
  /** Actions without output: their response has no {@code <ActionResult>} element. */
  private static final Set<String> NO_RESULT = Set.of("DeleteQueue", "SetQueueAttributes",
      "DeleteMessage", "ChangeMessageVisibility", "PurgeQueue", "TagQueue", "UntagQueue",
      "AddPermission", "RemovePermission");

  private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

  private XmlResults() {}

  static byte[] result(String action, ObjectNode result, String requestId) {
    return write(xml -> {
      xml.writeStartElement(action + "Response");
      xml.writeDefaultNamespace(NAMESPACE);
      if (!NO_RESULT.contains(action)) {
        xml.writeStartElement(action + "Result");
        members(xml, action, result);
        xml.writeEndElement();
      }
      responseMetadata(xml, requestId);
      xml.writeEndElement();
    });
  }

  static byte[] error(SqsError error, String message, String requestId) {
    return write(xml -> {
      xml.writeStartElement("ErrorResponse");
      xml.writeDefaultNamespace(NAMESPACE);
      xml.writeStartElement("Error");
      text(xml, "Type", error.senderFault() ? "Sender" : "Receiver");
      text(xml, "Code", error.legacyCode);
      text(xml, "Message", message);
      xml.writeEmptyElement("Detail");
      xml.writeEndElement();
      text(xml, "RequestId", requestId);
      xml.writeEndElement();
    });
  }

  private interface Body {
    void write(XMLStreamWriter xml) throws XMLStreamException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try {
      XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(bytes, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      body.write(xml);
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write an SQS XML response", e);
    }
    return bytes.toByteArray();
  }

  private static void responseMetadata(XMLStreamWriter xml, String requestId) throws XMLStreamException {
    xml.writeStartElement("ResponseMetadata");
    text(xml, "RequestId", requestId);
    xml.writeEndElement();
  }

  private static void members(XMLStreamWriter xml, String action, JsonNode object) throws XMLStreamException {
    Iterator<Map.Entry<String, JsonNode>> members = object.fields();
    while (members.hasNext()) {
      Map.Entry<String, JsonNode> member = members.next();
      member(xml, action, member.getKey(), member.getValue());
    }
  }

  private static void member(XMLStreamWriter xml, String action, String name, JsonNode value)
      throws XMLStreamException {
    if (value.isArray()) {
      String item = ACTION_ENTRY_LISTS.contains(name) ? action + "ResultEntry"
          : LIST_ITEMS.getOrDefault(name, name);
      for (JsonNode element : value) {
        member(xml, action, item, element);
      }
    } else if (value.isObject() && MAPS.containsKey(name)) {
      MapEntry entry = MAPS.get(name);
      Iterator<Map.Entry<String, JsonNode>> pairs = value.fields();
      while (pairs.hasNext()) {
        Map.Entry<String, JsonNode> pair = pairs.next();
        xml.writeStartElement(entry.element());
        text(xml, entry.keyElement(), pair.getKey());
        member(xml, action, entry.valueElement(), pair.getValue());
        xml.writeEndElement();
      }
    } else if (value.isObject()) {
      xml.writeStartElement(name);
      members(xml, action, value);
      xml.writeEndElement();
    } else {
      text(xml, name, value.asText());
    }
  }

  private static void text(XMLStreamWriter xml, String element, String text) throws XMLStreamException {
    xml.writeStartElement(element);
    xml.writeCharacters(text);
    xml.writeEndElement();
  }
}
