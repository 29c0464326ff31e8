package ferry.node.api.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Queue URLs are read by their path, and a URL read before is answered the same way again. */
class QueueUrlsTest {

  @Test
  void theAccountAndNameComeFromThePathWhateverTheHost() {
    QueuePath expected = new QueuePath("000000000000", "orders");
    assertEquals(expected, QueueUrls.pathOf("http://127.0.0.1:9324/000000000000/orders"));
    assertEquals(expected, QueueUrls.pathOf("http://127.0.0.1:9324/000000000000/orders"));
    assertEquals(expected, QueueUrls.pathOf("https://proxy.example/000000000000/orders/"));
    assertEquals(new QueuePath(null, "orders"), QueueUrls.pathOf("http://127.0.0.1:9324/orders"));
  }

  @Test
  void aUrlThatIsRefusedIsRefusedEveryTime() {
    for (int attempt = 0; attempt < 2; attempt++) {
      SqsException notAUrl = assertThrows(SqsException.class,
          () -> QueueUrls.pathOf("http://127.0.0.1:9324/000000000000/with space"));
      assertEquals(SqsError.INVALID_ADDRESS, notAUrl.error);
      SqsException badName = assertThrows(SqsException.class,
          () -> QueueUrls.pathOf("http://127.0.0.1:9324/000000000000/bad*name"));
      assertEquals(SqsError.QUEUE_DOES_NOT_EXIST, badName.error);
    }
  }
}
