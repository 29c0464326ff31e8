package ferry.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import ferry.persistence.journal.IndexOrderedJournalDao;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journal's replay query on embedded H2 with Ferry's schema. The plugin's own query, ordered
 * by sequence number alone, made H2 read every later event of the entity for each batch whose
 * range was open (the first of every replay), and sort them.
 */
class JournalReplayQueryTest {
  private static final int EVENTS_PER_ENTITY = 1_000;
  private static final int BATCH = 100;
  private final String replayQuery = IndexOrderedJournalDao.replayQuery(
      new JournalConfig(ConfigFactory.load().getConfig("jdbc-journal")).eventJournalTableConfiguration());
  private Connection db;

  @BeforeEach
  void journalOfTwoEntitiesWrittenInTurns() throws SQLException, IOException {
    db = DriverManager.getConnection("jdbc:h2:mem:replay-" + System.nanoTime(), "sa", "");
    try (Statement statement = db.createStatement()) {
      for (String schema : SchemaScript.statements(read("/schema/h2-journal.sql"))) {
        statement.execute(schema);
      }
    }
    try (PreparedStatement insert = db.prepareStatement("INSERT INTO \"event_journal\" (\"deleted\", "
        + "\"persistence_id\", \"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", "
        + "\"event_payload\", \"event_ser_id\", \"event_ser_manifest\") VALUES (?, ?, ?, 'w', 0, '', ?, 1, '')")) {
      for (long sequenceNr = 1; sequenceNr <= EVENTS_PER_ENTITY; sequenceNr++) {
        for (String entity : List.of("a", "b")) {
          insert.setBoolean(1, entity.equals("a") && sequenceNr == 3);
          insert.setString(2, entity);
          insert.setLong(3, sequenceNr);
          insert.setBytes(4, (entity + sequenceNr).getBytes(StandardCharsets.UTF_8));
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    db.close();
  }

  @Test
  void aBatchHoldsTheEntitysEventsInOrderWithinItsRangeAndSkipsDeletedOnes() throws SQLException {
    assertEquals(LongStream.rangeClosed(1, BATCH + 1).filter(sequenceNr -> sequenceNr != 3).boxed().toList(),
        sequenceNumbers(replay("a", 1, Long.MAX_VALUE)));
    assertEquals(LongStream.rangeClosed(998, 1_000).boxed().toList(), sequenceNumbers(replay("b", 998, 5_000)));
    assertEquals(List.of("b500"), payloads(replay("b", 500, 500)));
  }

  @Test
  void aBatchWithAnOpenRangeReadsOnlyTheEventsItReturns() throws SQLException {
    try (PreparedStatement explain = db.prepareStatement("EXPLAIN ANALYZE " + replayQuery)) {
      bind(explain, "b", 1, Long.MAX_VALUE);
      try (ResultSet plan = explain.executeQuery()) {
        plan.next();
        String text = plan.getString(1);
        assertTrue(text.contains("index sorted"), text);
        Matcher scanned = Pattern.compile("scanCount: (\\d+)").matcher(text);
        assertTrue(scanned.find(), text);
        assertTrue(Long.parseLong(scanned.group(1)) <= BATCH + 1, text);
      }
    }
  }

  private ResultSet replay(String entity, long from, long to) throws SQLException {
    PreparedStatement query = db.prepareStatement(replayQuery);
    bind(query, entity, from, to);
    return query.executeQuery();
  }

  private static void bind(PreparedStatement query, String entity, long from, long to) throws SQLException {
    query.setString(1, entity);
    query.setLong(2, from);
    query.setLong(3, to);
    query.setLong(4, BATCH);
  }

  private static List<Long> sequenceNumbers(ResultSet rows) throws SQLException {
    List<Long> sequenceNumbers = new ArrayList<>();
    while (rows.next()) {
      sequenceNumbers.add(rows.getLong(4));
    }
    return sequenceNumbers;
  }

  private static List<String> payloads(ResultSet rows) throws SQLException {
    List<String> payloads = new ArrayList<>();
    while (rows.next()) {
      payloads.add(new String(rows.getBytes(8), StandardCharsets.UTF_8));
    }
    return payloads;
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = JournalReplayQueryTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
