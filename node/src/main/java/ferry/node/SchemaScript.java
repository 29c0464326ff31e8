package ferry.node;

import ferry.persistence.PluginDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * One of Ferry's own SQL scripts, run a statement at a time on a connection of the journal's
 * pool. The plugin's script runner cuts at every semicolon, comments included, and ignores the
 * statements the database refuses; here comments go first and a refused statement fails the run.
 * Comment lines start with {@code --}; the scripts hold no string literals.
 */
final class SchemaScript {
  private SchemaScript() {}

  static List<String> statements(String script) {
    String withoutComments = script.lines()
        .filter(line -> !line.trim().startsWith("--"))
        .collect(Collectors.joining("\n"));
    return Arrays.stream(withoutComments.split(";"))
        .map(String::trim)
        .filter(statement -> !statement.isEmpty())
        .toList();
  }

  /** Completes when every statement ran; fails with the first one the database refused. */
  static CompletionStage<Done> apply(ActorSystem<?> system, String script) {
    var database = PluginDatabase.of(system).database();
    return CompletableFuture.supplyAsync(() -> {
      try (Connection connection = database.source().createConnection();
          Statement statement = connection.createStatement()) {
        for (String sql : statements(script)) {
          statement.executeUpdate(sql);
        }
        return Done.done();
      } catch (SQLException refused) {
        throw new CompletionException(refused);
      }
    }, system.dispatchers().lookup(DispatcherSelector.blocking()));
  }
}
