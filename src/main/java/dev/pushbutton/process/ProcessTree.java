package dev.pushbutton.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The processes of one run: the wrapper, everything descended from it, and everything left in the
 * sessions they belong to (a grandchild whose parent died is reparented away, but stays in its
 * session). Linux only: sessions are read from {@code /proc}.
 */
final class ProcessTree {
  /**
   * Every process of a run inherits this variable (unless it clears its environment on purpose).
   */
  static final String RUN_ID_VARIABLE = "PUSHBUTTON_RUN_ID";

  private static final Path PROC = Path.of("/proc");
  private static final long OWN_SESSION = sessionOf(ProcessHandle.current().pid());

  private ProcessTree() {}

  /**
   * Every live process of the run whose wrapper is (or was) session leader {@code sessionId}. A
   * process found only through its session must also carry the run's id in its environment: after a
   * restart or a reboot the session id may be an unrelated process's, and nothing else may ever be
   * signalled.
   */
  static Set<ProcessHandle> members(String runId, long sessionId, Optional<ProcessHandle> wrapper) {
    var members = new LinkedHashSet<ProcessHandle>();
    var sessions = new HashSet<Long>();
    sessions.add(sessionId);
    wrapper.filter(ProcessHandle::isAlive).ifPresent(members::add);
    wrapper.ifPresent(w -> w.descendants().forEach(members::add));
    for (ProcessHandle member : members) {
      sessions.add(sessionOf(member.pid()));
    }
    // Never our own session (or none): that would be the server itself.
    sessions.remove(OWN_SESSION);
    sessions.removeIf(s -> s <= 1);
    try (Stream<Path> entries = Files.list(PROC)) {
      entries
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
          .mapToLong(Long::parseLong)
          .filter(pid -> sessions.contains(sessionOf(pid)) && belongsTo(pid, runId))
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(members::add));
    } catch (IOException e) {
      // Without /proc only the descendants can be found; they are already in the set.
    }
    members.removeIf(p -> !running(p) || p.pid() == ProcessHandle.current().pid());
    return members;
  }

  /**
   * Ends the run's processes: SIGTERM to all, SIGKILL to whatever is left after {@code grace}, and
   * returns once none is left (or a last bounded wait has passed).
   */
  static void terminate(
      String runId, long sessionId, Optional<ProcessHandle> wrapper, Duration grace) {
    Set<ProcessHandle> signalled = members(runId, sessionId, wrapper);
    signalled.forEach(ProcessHandle::destroy);
    awaitGone(signalled, grace);
    for (int round = 0; round < 10; round++) {
      Set<ProcessHandle> left = new HashSet<>(members(runId, sessionId, wrapper));
      signalled.stream().filter(ProcessTree::running).forEach(left::add);
      if (left.isEmpty()) {
        return;
      }
      left.forEach(ProcessHandle::destroyForcibly);
      awaitGone(left, Duration.ofSeconds(2));
    }
  }

  /**
   * Polls rather than using {@link ProcessHandle#onExit()}: for processes that are not the JVM's
   * children, the JDK detects an exit with slow polling of its own, which would hold a kill up for
   * a second or more.
   */
  private static void awaitGone(Set<ProcessHandle> processes, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (processes.stream().anyMatch(ProcessTree::running) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Whether a process still runs. A zombie has ended and only waits for its parent to collect its
   * status; an orphan's zombie waits for init, which may take its time, so zombies count as gone.
   */
  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    String[] fields = statFields(process.pid());
    return fields != null && !fields[0].equals("Z") && !fields[0].equals("X");
  }

  private static boolean belongsTo(long pid, String runId) {
    try {
      byte[] environ = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
      String marker = RUN_ID_VARIABLE + "=" + runId;
      return ("\0" + new String(environ, StandardCharsets.UTF_8)).contains("\0" + marker + "\0");
    } catch (IOException e) {
      return false;
    }
  }

  /** The session id of a process, or -1 when it is gone or unreadable. */
  static long sessionOf(long pid) {
    String[] fields = statFields(pid);
    return fields == null ? -1 : Long.parseLong(fields[3]);
  }

  /**
   * The fields of {@code /proc/PID/stat} after the command name (state first), or null when it is
   * gone.
   */
  private static String[] statFields(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses, so split
      // after the last ')'.
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
