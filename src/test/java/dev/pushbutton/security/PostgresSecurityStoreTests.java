package dev.pushbutton.security;

import dev.pushbutton.testing.Databases;

class PostgresSecurityStoreTests extends SecurityStoreContract {
  @Override
  Databases.Database database() {
    return Databases.postgres();
  }
}
