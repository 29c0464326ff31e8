package ferry.persistence.queue;

import com.typesafe.config.ConfigFactory;
import ferry.protocol.queue.QueueEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.Serializers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The journal's side of a batch send: a {@code MessagesSent} of ten 256-byte messages written
 * to and read from CBOR by the serializer the journal uses: what every stored batch costs when
 * it is sent and again when a restarted queue replays it. Run with
 * {@code mvn -B -Pjmh -DskipTests verify}, not by the tests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventCodecBenchmark {
  private ActorSystem system;
  private SerializerWithStringManifest serializer;
  private String manifest;
  private QueueEvent.MessagesSent event;
  private byte[] stored;

  @Setup
  public void start() {
    // reference settings only: the node's application.conf would start persistence without a database
    system = ActorSystem.create("codec", ConfigFactory.defaultReference());
    List<QueueEvent.SentMessage> messages = new ArrayList<>();
    for (long seq = 1; seq <= 10; seq++) {
      messages.add(new QueueEvent.SentMessage(seq, UUID.randomUUID().toString(), "x".repeat(256), Map.of(),
          Map.of(), "000000000000", null, 1_700_000_000_000L, 1_700_000_000_000L, null, null));
    }
    event = new QueueEvent.MessagesSent(messages);
    Serialization serialization = SerializationExtension.get(system);
    serializer = (SerializerWithStringManifest) serialization.findSerializerFor(event);
    manifest = Serializers.manifestFor(serializer, event);
    stored = serializer.toBinary(event);
  }

  @TearDown
  public void stop() {
    system.terminate();
  }

  @Benchmark
  public byte[] writeTenMessages() {
    return serializer.toBinary(event);
  }

  @Benchmark
  public Object readTenMessages() throws Exception {
    return serializer.fromBinary(stored, manifest);
  }
}
