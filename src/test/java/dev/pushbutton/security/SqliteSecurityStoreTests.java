package dev.pushbutton.security;

import dev.pushbutton.testing.Databases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteSecurityStoreTests extends SecurityStoreContract {
  @TempDir Path dir;

  @Override
  Databases.Database database() {
    return Databases.sqlite(dir);
  }
}
