package dev.pushbutton.run;

import dev.pushbutton.testing.Databases;

class PostgresApprovalStoreTests extends ApprovalStoreContract {
  @Override
  Databases.Database database() {
    return Databases.postgres();
  }
}
