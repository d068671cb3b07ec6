package dev.pushbutton.run;

import dev.pushbutton.testing.Databases;

class PostgresRunRepositoryTests extends RunRepositoryContract {
  @Override
  Databases.Database database() {
    return Databases.postgres();
  }
}
