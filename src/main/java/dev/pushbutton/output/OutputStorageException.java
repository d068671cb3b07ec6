package dev.pushbutton.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/**
 * A run's output cannot be stored now: the disk is full, the file system read-only, the directory
 * not writable. The message says so in words a person can act on; the cause keeps the system's own.
 * Storing is retried: such a fault is expected to pass.
 */
public final class OutputStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OutputStorageException(String message) {
    super(message);
  }

  OutputStorageException(String message, Throwable cause) {
    super(message, cause);
  }

  static OutputStorageException of(String doing, Path path, IOException e) {
    return new OutputStorageException(describe(e) + " (" + doing + " " + path + ")", e);
  }

  /**
   * What an I/O error on the data directory means, in words: the operating system's messages ("No
   * space left on device") are what Java reports.
   */
  public static String describe(IOException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("No space left on device")) {
      return "the disk holding the data directory is full";
    }
    if (message.contains("Disk quota exceeded")) {
      return "the disk quota of the data directory is used up";
    }
    if (message.contains("Read-only file system")) {
      return "the data directory is on a read-only file system";
    }
    if (e instanceof AccessDeniedException
        || message.contains("Permission denied")
        || message.contains("Operation not permitted")) {
      return "the server may not write in the data directory";
    }
    if (message.contains("Input/output error")) {
      return "the disk holding the data directory reports an I/O error";
    }
    return "an I/O error in the data directory: " + message;
  }
}
