package dev.pushbutton.run;

import dev.pushbutton.testing.Databases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteRunRepositoryTests extends RunRepositoryContract {
  @TempDir Path dir;

  @Override
  Databases.Database database() {
    return Databases.sqlite(dir);
  }
}
