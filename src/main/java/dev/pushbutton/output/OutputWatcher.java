package dev.pushbutton.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes a run's tailer as soon as its files change (inotify on Linux), so a line reaches viewers
 * within a millisecond or so without every run polling its files in a tight loop. Tailers still
 * poll slowly as a safety net, since a notification can be coalesced or missed.
 */
public final class OutputWatcher implements Closeable {
  private final WatchService service;
  private final Map<WatchKey, Runnable> callbacks = new ConcurrentHashMap<>();
  private final Thread dispatcher;

  public OutputWatcher() {
    try {
      service = FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch files", e);
    }
    dispatcher = Thread.ofPlatform().daemon().name("output-watcher").start(this::dispatch);
  }

  /**
   * Calls {@code onChange} (on the watcher's thread: keep it short) whenever a file in {@code dir}
   * changes, until the watch is closed.
   */
  public Watch watch(Path dir, Runnable onChange) {
    try {
      WatchKey key =
          dir.register(
              service, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
      callbacks.put(key, onChange);
      return () -> {
        callbacks.remove(key);
        key.cancel();
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + dir, e);
    }
  }

  private void dispatch() {
    while (true) {
      WatchKey key;
      try {
        key = service.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      // The tailer's own writes to the index would wake it for nothing.
      boolean relevant =
          key.pollEvents().stream()
              .anyMatch(event -> !OutputLog.INDEX_FILE.equals(String.valueOf(event.context())));
      Runnable callback = callbacks.get(key);
      if (callback != null && relevant) {
        callback.run();
      }
      key.reset();
    }
  }

  /** A directory being watched; closing it stops the calls. */
  public interface Watch extends Closeable {
    @Override
    void close();
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
