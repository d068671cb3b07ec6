package dev.pushbutton.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tmpfs of a few megabytes mounted on a directory: a disk a job can fill, and that can grow. */
public final class SmallDisk implements AutoCloseable {
  private static final long MB = 1024 * 1024;
  private final Path dir;

  private SmallDisk(Path dir) {
    this.dir = dir;
  }

  public static SmallDisk mount(Path dir, int megabytes) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Root.run(
        "mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs", dir.toString());
    return new SmallDisk(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Gives the disk this size: space freed (or taken away) under a running server. */
  public void resize(long megabytes) {
    Root.run("mount", "-o", "remount,size=" + megabytes + "m", dir.toString());
  }

  public long freeBytes() {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long usedMegabytes() {
    try {
      var store = Files.getFileStore(dir);
      return (store.getTotalSpace() - store.getUnallocatedSpace() + MB - 1) / MB;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lazily: the server may still hold files open on it. */
  @Override
  public void close() {
    Root.quietly("umount", "-l", dir.toString());
  }
}
