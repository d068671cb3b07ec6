package dev.pushbutton.run;

import dev.pushbutton.testing.Databases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteApprovalStoreTests extends ApprovalStoreContract {
  @TempDir Path dir;

  @Override
  Databases.Database database() {
    return Databases.sqlite(dir);
  }
}
