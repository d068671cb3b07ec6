package dev.pushbutton.health;

import dev.pushbutton.output.IoReason;
import dev.pushbutton.output.OutputStorageException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises a fault of the ground (the disk, the database) in an exception's causes and says it in
 * words. Anything else is not a fault of the ground but a bug, and is left to be reported as one.
 */
public final class StorageFaults {
  /** The {@code Retry-After} of every 503 for such a fault: it is expected to pass soon. */
  public static final String RETRY_AFTER_SECONDS = "5";

  private StorageFaults() {}

  /** The fault in words (a whole sentence, asking to try again), or empty when it is not one. */
  public static Optional<String> describe(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      Optional<String> words = words(cause);
      if (words.isPresent()) {
        return words;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> words(Throwable cause) {
    return switch (cause) {
      case OutputStorageException e -> Optional.of(sentence(e.getMessage()));
      case SQLTransientConnectionException e ->
          Optional.of("The database did not answer in time. Try again in a moment.");
      case SQLException e -> database(e).map(StorageFaults::databaseSentence);
      case IOException e when isDiskFault(e) ->
          Optional.of(sentence(OutputStorageException.describe(e)));
      default -> Optional.empty();
    };
  }

  /** SQLite names its result code in the message; PostgreSQL gives a SQL state. */
  private static Optional<String> database(SQLException e) {
    String message = String.valueOf(e.getMessage());
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED")) {
      return Optional.of("it is locked by another program or connection");
    }
    if (message.contains("SQLITE_FULL") || state.equals("53100")) {
      return Optional.of("the disk holding it is full");
    }
    if (message.contains("SQLITE_READONLY") || state.equals("25006")) {
      return Optional.of("it cannot be written (read-only)");
    }
    if (message.contains("SQLITE_IOERR") || message.contains("SQLITE_CANTOPEN")) {
      return Optional.of("its file cannot be read or written");
    }
    if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
      return Optional.of("it cannot be reached or is shutting down");
    }
    if (state.equals("55P03") || state.equals("40001") || state.equals("40P01")) {
      return Optional.of("it is busy with a conflicting change");
    }
    return Optional.empty();
  }

  private static String databaseSentence(String why) {
    return "The database cannot be used right now: " + why + ". Try again in a moment.";
  }

  /** A full disk, a read-only file system, a refused write: not, say, a client gone away. */
  private static boolean isDiskFault(IOException e) {
    String reason = IoReason.of(e);
    return DISK_FAULTS.contains(reason);
  }

  private static final Set<String> DISK_FAULTS =
      Set.of(
          IoReason.DISK_FULL,
          "the disk quota is used up",
          "read-only file system",
          "an input/output error on the device");

  private static String sentence(String words) {
    String trimmed = words.strip();
    String capital = Character.toUpperCase(trimmed.charAt(0)) + trimmed.substring(1);
    return capital.endsWith(".") ? capital : capital + ".";
  }
}
