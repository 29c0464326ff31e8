package ferry.persistence;

import scala.Option;
import scala.concurrent.Future;
import slick.dbio.DBIOAction;
import slick.jdbc.JdbcBackend;
import slick.jdbc.SimpleJdbcAction;

/** Statements of Ferry's own on the plugin's tables, named as the plugin's configuration names them. */
public final class JdbcStatements {

  private JdbcStatements() {}

  /** Quoted, as Ferry's and the plugin's scripts create them: lower case names on H2 and PostgreSQL. */
  public static String quoted(String identifier) {
    return "\"" + identifier + "\"";
  }

  public static String table(Option<String> schema, String table) {
    return schema.isDefined() ? quoted(schema.get()) + "." + quoted(table) : quoted(table);
  }

  /**
   * Slick's run takes actions of effect type Nothing, which in Scala every action is (the effect
   * parameter is contravariant). Java cannot name a type within that bound, so the raw type.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> Future<T> run(JdbcBackend.JdbcDatabaseDef database, SimpleJdbcAction<T> action) {
    return database.run((DBIOAction) action);
  }
}
