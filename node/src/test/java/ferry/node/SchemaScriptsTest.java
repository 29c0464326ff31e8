package ferry.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plugin's script runner cut at every semicolon, comments included, and ignored what failed:
 * a semicolon inside a comment once turned a storage setting into a syntax error nobody saw.
 */
class SchemaScriptsTest {

  @Test
  void commentsGoBeforeTheScriptIsCutIntoStatements() {
    assertEquals(List.of("ALTER TABLE t SET (x = 1)", "CREATE TABLE u (a INT)"),
        SchemaScript.statements("-- settings; repeating them changes nothing\nALTER TABLE t SET (x = 1);\n"
            + "  -- then a table\nCREATE TABLE u (a INT);\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/schema/h2-journal.sql", "/schema/postgres-storage.sql"})
  void everyStatementOfFerrysScriptsIsACreateOrAnAlter(String script) throws IOException {
    List<String> statements = SchemaScript.statements(read(script));
    assertFalse(statements.isEmpty(), script + " holds no statement");
    for (String statement : statements) {
      assertTrue(statement.startsWith("CREATE ") || statement.startsWith("ALTER "),
          script + " has a piece that is not a statement: " + statement);
    }
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = SchemaScriptsTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
