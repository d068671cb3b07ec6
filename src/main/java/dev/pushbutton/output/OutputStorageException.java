package dev.pushbutton.output;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A run's output cannot be stored now: the disk is full, the file system read-only, the directory
 * not writable. The message says so in words a person can act on; the cause keeps the system's own.
 * Storing is retried: such a fault is expected to pass.
 */
public final class OutputStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What {@link #describe} says of a full disk. */
  public static final String DISK_FULL = "the disk holding the data directory is full";

  public OutputStorageException(String message) {
    super(message);
  }

  OutputStorageException(String message, Throwable cause) {
    super(message, cause);
  }

  static OutputStorageException of(String doing, Path path, IOException e) {
    return new OutputStorageException(describe(e) + " (" + doing + " " + path + ")", e);
  }

  /** What an I/O error on the data directory means, in words. */
  public static String describe(IOException e) {
    String reason = IoReason.of(e);
    return reason.equals(IoReason.DISK_FULL)
        ? DISK_FULL
        : "the data directory cannot be written (" + reason + ")";
  }
}
