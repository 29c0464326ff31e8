package ferry.persistence.snapshot;

import static ferry.persistence.JdbcStatements.quoted;

import ferry.persistence.JdbcStatements;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.jdbc.config.SnapshotConfig;
import org.apache.pekko.persistence.jdbc.config.SnapshotTableColumnNames;
import org.apache.pekko.persistence.jdbc.config.SnapshotTableConfiguration;
import org.apache.pekko.persistence.jdbc.snapshot.dao.DefaultSnapshotDao;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.stream.Materializer;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;
import slick.jdbc.PostgresProfile;
import slick.jdbc.SimpleJdbcAction;

/**
 * The plugin's snapshot store, saving each snapshot with one statement. The plugin saves through
 * Slick's insertOrUpdate, which on H2 and PostgreSQL is emulated: an UPDATE of the row, then an
 * INSERT ... WHERE NOT EXISTS, each sending the whole payload. A queue of 750,000 FIFO messages
 * made a 4 s UPDATE of nothing before its 4 s INSERT on PostgreSQL. Here one upsert sends it once;
 * reading and deleting stay the plugin's. Set as {@code jdbc-snapshot-store.dao} (the catalog's
 * snapshots, and every load at recovery) and used by {@link JdbcSnapshotWriter} (the queues').
 * {@link #save} serializes on the calling thread, as the plugin's does.
 */
public final class SingleWriteSnapshotDao extends DefaultSnapshotDao {
  /** Snapshots this large take seconds to serialize and write: worth a line in the log. */
  private static final int LOGGED_SNAPSHOT_BYTES = 16 << 20;
  private static final Logger log = LoggerFactory.getLogger(SingleWriteSnapshotDao.class);

  private final JdbcBackend.JdbcDatabaseDef database;
  private final Serialization serialization;
  private final String upsert;

  public SingleWriteSnapshotDao(JdbcBackend.JdbcDatabaseDef database, JdbcProfile profile,
      SnapshotConfig config, Serialization serialization, ExecutionContext executionContext,
      Materializer materializer) {
    super(database, profile, config, serialization, executionContext, materializer);
    this.database = database;
    this.serialization = serialization;
    this.upsert = upsertStatement(config.snapshotTableConfiguration(), profile instanceof PostgresProfile);
  }

  /**
   * PostgreSQL's INSERT ... ON CONFLICT or H2's MERGE ... KEY, both one statement that inserts or
   * replaces the row of (persistence id, sequence number). Ferry runs on no other database.
   */
  static String upsertStatement(SnapshotTableConfiguration table, boolean postgres) {
    SnapshotTableColumnNames names = table.columnNames();
    List<String> columns = List.of(names.persistenceId(), names.sequenceNumber(), names.created(),
        names.snapshotSerId(), names.snapshotSerManifest(), names.snapshotPayload(),
        names.metaSerId(), names.metaSerManifest(), names.metaPayload());
    String tableName = JdbcStatements.table(table.schemaName(), table.tableName());
    String columnList = columns.stream().map(JdbcStatements::quoted).collect(Collectors.joining(", "));
    String placeholders = columns.stream().map(column -> "?").collect(Collectors.joining(", "));
    String key = quoted(names.persistenceId()) + ", " + quoted(names.sequenceNumber());
    if (!postgres) {
      return "MERGE INTO " + tableName + " (" + columnList + ") KEY (" + key + ") VALUES (" + placeholders + ")";
    }
    String replaced = columns.subList(2, columns.size()).stream()
        .map(column -> quoted(column) + " = EXCLUDED." + quoted(column))
        .collect(Collectors.joining(", "));
    return "INSERT INTO " + tableName + " (" + columnList + ") VALUES (" + placeholders + ")"
        + " ON CONFLICT (" + key + ") DO UPDATE SET " + replaced;
  }

  @Override
  public Future<BoxedUnit> save(SnapshotMetadata metadata, Object snapshot) {
    long started = System.nanoTime();
    Serialized payload = Serialized.of(serialization, snapshot);
    long serialized = System.nanoTime();
    Serialized meta = metadata.metadata().isDefined()
        ? Serialized.of(serialization, metadata.metadata().get())
        : null;
    SimpleJdbcAction<Integer> write = SimpleJdbcAction.apply(context -> {
      try (PreparedStatement statement = context.connection().prepareStatement(upsert)) {
        statement.setString(1, metadata.persistenceId());
        statement.setLong(2, metadata.sequenceNr());
        statement.setLong(3, metadata.timestamp());
        statement.setInt(4, payload.serializerId());
        statement.setString(5, payload.manifest());
        statement.setBytes(6, payload.bytes());
        if (meta == null) {
          statement.setNull(7, Types.INTEGER);
          statement.setNull(8, Types.VARCHAR);
          statement.setNull(9, Types.BINARY);
        } else {
          statement.setInt(7, meta.serializerId());
          statement.setString(8, meta.manifest());
          statement.setBytes(9, meta.bytes());
        }
        int rows = statement.executeUpdate();
        if (payload.bytes().length >= LOGGED_SNAPSHOT_BYTES) {
          log.info("Snapshot of {} at {}: {} MB serialized in {} ms, written in {} ms",
              metadata.persistenceId(), metadata.sequenceNr(), payload.bytes().length >> 20,
              (serialized - started) / 1_000_000, (System.nanoTime() - serialized) / 1_000_000);
        }
        return rows;
      } catch (SQLException refused) {
        throw new IllegalStateException("saving the snapshot of " + metadata.persistenceId()
            + " at " + metadata.sequenceNr() + " failed: " + refused.getMessage(), refused);
      }
    });
    return JdbcStatements.run(database, write).map(rows -> BoxedUnit.UNIT, ExecutionContext.parasitic$.MODULE$);
  }

  private record Serialized(int serializerId, String manifest, byte[] bytes) {
    static Serialized of(Serialization serialization, Object value) {
      Serializer serializer = serialization.findSerializerFor(value);
      // serialize, not toBinary: it sets the transport information some serializers need
      return new Serialized(serializer.identifier(), Serializers.manifestFor(serializer, value),
          serialization.serialize(value).get());
    }
  }
}
