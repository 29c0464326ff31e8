package ferry.deploy.load;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Producers and consumers driving queues through the AWS SDK, each call sent to the node a
 * supplier picks, with the books a failover test checks: which sends and deletes were
 * acknowledged, what was received, and which errors clients saw.
 */
public final class Traffic {
  private static final int VISIBILITY_SECONDS = 10;

  private final List<String> queueUrls;
  private final Set<String> sendAcknowledged = ConcurrentHashMap.newKeySet();
  private final Set<String> received = ConcurrentHashMap.newKeySet();
  private final Set<String> deleteAcknowledged = ConcurrentHashMap.newKeySet();
  private final Set<String> receivedAfterDelete = ConcurrentHashMap.newKeySet();
  private final Set<String> receivedAgain = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  private final AtomicBoolean producing = new AtomicBoolean(true);
  private final AtomicBoolean consuming = new AtomicBoolean(true);
  private final AtomicLong lastReceiveNanos = new AtomicLong(System.nanoTime());
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Future<?>> running = new ArrayList<>();

  /** Queue URLs are given with any node's address; only their paths matter. */
  public Traffic(List<String> queueUrls) {
    this.queueUrls = queueUrls;
  }

  public void startProducers(int count, Supplier<URI> node) {
    for (int p = 0; p < count; p++) {
      int producer = p;
      running.add(threads.submit(() -> {
        long round = 0;
        while (producing.get()) {
          String queue = queueUrls.get((int) (round++ % queueUrls.size()));
          call(() -> {
            SqsClient sqs = Sqs.client(node.get());
            List<SendMessageBatchRequestEntry> entries = IntStream.range(0, 5)
                .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("from producer " + producer).build())
                .toList();
            sqs.sendMessageBatch(r -> r.queueUrl(queue).entries(entries)).successful()
                .forEach(entry -> sendAcknowledged.add(entry.messageId()));
          });
        }
      }));
    }
  }

  public void startConsumers(int count, Supplier<URI> node) {
    for (int c = 0; c < count; c++) {
      int consumer = c;
      running.add(threads.submit(() -> {
        long round = consumer;
        while (consuming.get()) {
          String queue = queueUrls.get((int) (round++ % queueUrls.size()));
          call(() -> consume(Sqs.client(node.get()), queue));
        }
      }));
    }
  }

  private void consume(SqsClient sqs, String queue) {
    List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
        .waitTimeSeconds(1).visibilityTimeout(VISIBILITY_SECONDS)).messages();
    if (messages.isEmpty()) {
      return;
    }
    lastReceiveNanos.set(System.nanoTime());
    for (Message message : messages) {
      if (deleteAcknowledged.contains(message.messageId())) {
        receivedAfterDelete.add(message.messageId());
      }
      if (!received.add(message.messageId())) {
        receivedAgain.add(message.messageId());
      }
    }
    List<DeleteMessageBatchRequestEntry> deletes = messages.stream()
        .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
        .toList();
    sqs.deleteMessageBatch(r -> r.queueUrl(queue).entries(deletes)).successful()
        .forEach(entry -> deleteAcknowledged.add(entry.id()));
  }

  /** Runs one client call; an error it throws is counted by kind, and the loop goes on. */
  private void call(Runnable clientCall) {
    try {
      clientCall.run();
    } catch (AwsServiceException serviceError) {
      count((serviceError.statusCode() >= 500 ? "retryable " : "client ") + serviceError.statusCode() + " "
          + serviceError.awsErrorDetails().errorCode());
    } catch (SdkClientException connectionError) {
      count("retryable connection: " + rootCause(connectionError).getClass().getSimpleName());
    }
  }

  private void count(String kind) {
    errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
  }

  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  public void stopProducers() {
    producing.set(false);
  }

  /** Consumes until nothing was received for {@code quietSeconds} (unacknowledged deletes come back after the visibility timeout). */
  public void drain(int quietSeconds, int limitSeconds) throws Exception {
    stopProducers();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
    while (System.nanoTime() < deadline
        && System.nanoTime() - lastReceiveNanos.get() < TimeUnit.SECONDS.toNanos(quietSeconds)) {
      Thread.sleep(250);
    }
    consuming.set(false);
    for (Future<?> thread : running) {
      thread.get(60, TimeUnit.SECONDS);
    }
    threads.shutdownNow();
  }

  public Set<String> acknowledgedButNeverReceived() {
    Set<String> lost = ConcurrentHashMap.newKeySet();
    lost.addAll(sendAcknowledged);
    lost.removeAll(received);
    return lost;
  }

  public Set<String> receivedAfterTheirDeleteWasAcknowledged() {
    return receivedAfterDelete;
  }

  /** Messages delivered more than once (at-least-once delivery after failures). */
  public Set<String> duplicates() {
    return receivedAgain;
  }

  public int acknowledgedSends() {
    return sendAcknowledged.size();
  }

  public int receivedCount() {
    return received.size();
  }

  public Map<String, AtomicLong> errors() {
    return errors;
  }

  /** Errors that a client must not see even during a hand-over: anything but 5xx and connection errors. */
  public List<String> nonRetryableErrors() {
    return errors.keySet().stream().filter(kind -> !kind.startsWith("retryable")).toList();
  }

  public String summary() {
    return "sends acknowledged " + sendAcknowledged.size() + ", received " + received.size()
        + ", deletes acknowledged " + deleteAcknowledged.size() + ", errors " + errors;
  }
}
