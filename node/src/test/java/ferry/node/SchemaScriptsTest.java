package ferry.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plugin runs a script by cutting it at every semicolon and ignores the pieces that fail; a
 * semicolon inside a comment once turned a storage setting into a syntax error nobody saw.
 */
class SchemaScriptsTest {

  @ParameterizedTest
  @ValueSource(strings = {"/schema/h2-journal.sql", "/schema/postgres-storage.sql"})
  void everyPieceBetweenSemicolonsIsOneStatement(String script) throws IOException {
    List<String> pieces = Arrays.stream(read(script).split(";"))
        .filter(piece -> !piece.isBlank())
        .toList();
    assertFalse(pieces.isEmpty(), script + " holds no statement");
    for (String piece : pieces) {
      String statement = piece.lines()
          .filter(line -> !line.trim().startsWith("--"))
          .collect(Collectors.joining("\n"))
          .trim();
      assertTrue(statement.startsWith("CREATE ") || statement.startsWith("ALTER "),
          script + " has a piece that is not a statement: " + piece.trim());
    }
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = SchemaScriptsTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
