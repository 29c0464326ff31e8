package ferry.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The clients of one run: producers that send (one message, or a batch) and consumers that
 * receive with a long poll and delete what they received, each an asynchronous loop with one
 * call in flight. Bodies start with the send time, so consumers measure send-to-receive latency.
 */
final class LoadRun {
  private final LoadOptions options;
  private final SqsHttp sqs;
  private final Executor executor;
  private final List<String> queueUrls;
  private final String padding;
  private final AtomicBoolean producing = new AtomicBoolean(true);
  private final AtomicBoolean consuming = new AtomicBoolean(true);
  private final AtomicLong sendSlots = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();
  private volatile long pacingStartNanos;
  // counted from the start, warm-up included: what the consumers still have to catch up on
  private final LongAdder sentSinceStart = new LongAdder();
  private final LongAdder receivedSinceStart = new LongAdder();
  private final List<CompletableFuture<Void>> loops = new ArrayList<>();

  final OpStats send;
  final OpStats receive = new OpStats("ReceiveMessage");
  final OpStats delete;
  final OpStats endToEnd = new OpStats("send to receive");

  LoadRun(LoadOptions options, SqsHttp sqs, Executor executor, List<String> queueUrls) {
    this.options = options;
    this.sqs = sqs;
    this.executor = executor;
    this.queueUrls = queueUrls;
    // receives are left out: their latency is mostly the long poll's wait
    this.send = new OpStats(options.batch() > 1 ? "SendMessageBatch" : "SendMessage",
        options.logSlowerThanMillis(), options.label());
    this.delete = new OpStats("DeleteMessageBatch", options.logSlowerThanMillis(), options.label());
    this.padding = "x".repeat(Math.max(0, options.messageBytes() - 24));
  }

  List<OpStats> stats() {
    return List.of(send, receive, delete, endToEnd);
  }

  void startMeasuring() {
    stats().forEach(OpStats::startMeasuring);
  }

  void stopMeasuring() {
    stats().forEach(OpStats::stopMeasuring);
  }

  /** Starts the options' producers and consumers, each a loop with one call in flight. */
  void start() {
    pacingStartNanos = System.nanoTime();
    for (int producer = 0; producer < options.producers(); producer++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      loops.add(done);
      produce(producer, producer, done);
    }
    for (int consumer = 0; consumer < options.consumers(); consumer++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      loops.add(done);
      consume(consumer, done);
    }
  }

  /** Messages sent since the start that no consumer has received yet (redeliveries may make it negative). */
  long backlog() {
    return sentSinceStart.sum() - receivedSinceStart.sum();
  }

  void stopProducers() {
    producing.set(false);
  }

  /** Stops every loop and waits for their calls in flight (long polls included) to end. */
  void stop() throws Exception {
    producing.set(false);
    consuming.set(false);
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(options.waitSeconds() + 60L, TimeUnit.SECONDS);
  }

  private void produce(int producer, long round, CompletableFuture<Void> done) {
    if (!producing.get()) {
      done.complete(null);
      return;
    }
    long delayNanos = paceDelayNanos();
    Executor start = delayNanos > 0 ? CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, executor) : executor;
    CompletableFuture.runAsync(() -> {
      String queue = queueUrls.get((int) (round % queueUrls.size()));
      long started = System.nanoTime();
      boolean single = options.batch() <= 1;
      sqs.call(single ? "SendMessage" : "SendMessageBatch", single ? sendOne(queue) : sendBatch(queue))
          .whenCompleteAsync((answer, failure) -> {
            if (failure == null) {
              int sent = single ? 1 : answer.path("Successful").size();
              sentSinceStart.add(sent);
              send.succeeded(started, sent);
            } else {
              send.failed(kindOf(failure));
            }
            produce(producer, round + 1, done);
          }, executor);
    }, start);
  }

  /** With a send rate, each call takes the next slot of an even schedule over all producers. */
  private long paceDelayNanos() {
    if (options.sendRate() <= 0) {
      return 0;
    }
    double callsPerSecond = options.sendRate() / Math.max(1, options.batch());
    long slot = sendSlots.getAndIncrement();
    long due = pacingStartNanos + (long) (slot * 1e9 / callsPerSecond);
    return due - System.nanoTime();
  }

  private void consume(int consumer, CompletableFuture<Void> done) {
    if (!consuming.get()) {
      done.complete(null);
      return;
    }
    String queue = queueUrls.get(consumer % queueUrls.size());
    long started = System.nanoTime();
    ObjectNode request = sqs.json.createObjectNode();
    request.put("QueueUrl", queue);
    request.put("MaxNumberOfMessages", 10);
    request.put("WaitTimeSeconds", options.waitSeconds());
    sqs.call("ReceiveMessage", request)
        .thenCompose(answer -> {
          JsonNode messages = answer.path("Messages");
          receivedSinceStart.add(messages.size());
          receive.succeeded(started, messages.size());
          if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(null);
          }
          long now = System.nanoTime();
          ObjectNode deletes = sqs.json.createObjectNode();
          deletes.put("QueueUrl", queue);
          ArrayNode entries = deletes.putArray("Entries");
          for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            endToEnd.succeeded(sentAt(message.path("Body").asText(), now), 1);
            entries.addObject().put("Id", "d" + i).put("ReceiptHandle", message.path("ReceiptHandle").asText());
          }
          long deleteStarted = System.nanoTime();
          return sqs.call("DeleteMessageBatch", deletes)
              .thenAccept(deleted -> delete.succeeded(deleteStarted, deleted.path("Successful").size()))
              .exceptionally(failure -> {
                delete.failed(kindOf(failure));
                return null;
              });
        })
        .whenCompleteAsync((ignored, failure) -> {
          if (failure != null) {
            receive.failed(kindOf(failure));
          }
          consume(consumer, done);
        }, executor);
  }

  /** Sends messages with no measuring, as fast as the clients can, until {@code total} are stored (0: stop now). */
  CompletionStage<Void> prefill(AtomicLong total, int clients, AtomicLong stored) {
    List<CompletableFuture<Void>> fillers = new ArrayList<>();
    for (int client = 0; client < clients; client++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      fillers.add(done);
      fill(client, total, stored, done);
    }
    return CompletableFuture.allOf(fillers.toArray(CompletableFuture[]::new));
  }

  private void fill(long round, AtomicLong total, AtomicLong stored, CompletableFuture<Void> done) {
    if (stored.get() >= total.get()) {
      done.complete(null);
      return;
    }
    String queue = queueUrls.get((int) (round % queueUrls.size()));
    sqs.call("SendMessageBatch", sendBatch(queue)).whenCompleteAsync((answer, failure) -> {
      if (failure == null) {
        stored.addAndGet(answer.path("Successful").size());
      }
      fill(round + 1, total, stored, done);
    }, executor);
  }

  private ObjectNode sendOne(String queue) {
    ObjectNode request = sqs.json.createObjectNode();
    request.put("QueueUrl", queue);
    addMessage(request);
    return request;
  }

  private ObjectNode sendBatch(String queue) {
    ObjectNode request = sqs.json.createObjectNode();
    request.put("QueueUrl", queue);
    ArrayNode entries = request.putArray("Entries");
    for (int i = 0; i < Math.max(1, options.batch()); i++) {
      addMessage(entries.addObject().put("Id", "m" + i));
    }
    return request;
  }

  private void addMessage(ObjectNode message) {
    long id = sequence.incrementAndGet();
    message.put("MessageBody", System.nanoTime() + "|" + padding);
    if (options.fifo()) {
      message.put("MessageGroupId", "g" + (id % 64));
      message.put("MessageDeduplicationId", "d" + id + "-" + System.nanoTime());
    }
  }

  private static long sentAt(String body, long fallback) {
    int bar = body.indexOf('|');
    try {
      return bar > 0 ? Long.parseLong(body.substring(0, bar)) : fallback;
    } catch (NumberFormatException notOurs) {
      return fallback;
    }
  }

  private static String kindOf(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof SqsHttp.CallFailed called ? called.kind : "connection: " + cause.getClass().getSimpleName();
  }
}
