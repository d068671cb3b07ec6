package dev.pushbutton.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Locale;

/**
 * Why a file operation failed, in the few words an operator reads (in a start-up message, a run's
 * error). The JDK has distinct exceptions for some reasons; others arrive as the operating system's
 * text (strerror) in a plain {@link FileSystemException}.
 */
public final class IoReason {
  /** What {@link #of} says of a full disk. */
  public static final String DISK_FULL = "the disk is full";

  private record Known(String systemText, String words) {}

  private static final List<Known> KNOWN =
      List.of(
          new Known("Read-only file system", "read-only file system"),
          new Known("No space left on device", DISK_FULL),
          new Known("Disk quota exceeded", "the disk quota is used up"),
          new Known("Permission denied", "permission denied"),
          new Known("Operation not permitted", "operation not permitted"),
          new Known("Not a directory", "not a directory"),
          new Known("Is a directory", "it is a directory"),
          new Known("No such file or directory", "no such file"),
          new Known("Too many levels of symbolic links", "a loop of symbolic links"),
          new Known("Input/output error", "an input/output error on the device"));

  private IoReason() {}

  public static String of(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file of that name is in the way";
    }
    // FileSystemException's message also names the file, which the sentence names already.
    String text = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
    if (text == null || text.isBlank()) {
      return e.getClass().getSimpleName();
    }
    for (Known known : KNOWN) {
      if (text.contains(known.systemText())) {
        return known.words();
      }
    }
    return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
  }
}
