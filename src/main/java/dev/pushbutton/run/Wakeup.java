package dev.pushbutton.run;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A signal that is remembered until someone waits for it, so a wake-up between checks is never
 * lost.
 */
final class Wakeup {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signalled = lock.newCondition();
  private boolean pending;

  void signal() {
    lock.lock();
    try {
      pending = true;
      signalled.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until signalled or {@code nanos} pass; consumes the signal. */
  void await(long nanos) {
    lock.lock();
    try {
      long left = nanos;
      while (!pending && left > 0) {
        left = signalled.awaitNanos(left);
      }
      pending = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  static long millis(long ms) {
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }
}
