package dev.pushbutton.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The small shell wrapper every run's process starts under (the durable-task pattern): it runs in a
 * new session, so it survives the server and can be killed as a group; it runs the command with
 * output already redirected into the run's files by the server; and it records the command's exit
 * code in the run directory when it ends, atomically (write then rename), for whoever watches, now
 * or after a restart.
 *
 * <p>The script text is constant. The command reaches it as positional parameters ({@code "$@"}),
 * which a shell never re-parses, so parameter values cannot inject code.
 */
final class DetachedWrapper {
  static final String EXIT_FILE = "exit";

  /**
   * Shows up in {@code ps} and lets a restarted server recognise its wrapper by its command line.
   */
  static final String PROCESS_NAME = "pushbutton-run";

  /*
   * The traps make TERM, INT and HUP wait for the command instead of ending the wrapper, so the exit code
   * is still recorded when a kill signals the whole group; a trapped signal is reset to its default in the
   * command, which therefore reacts to them normally. The exit file is made readable by the server's user
   * only, like the run's output files; the command keeps the umask it was given.
   */
  private static final String SCRIPT =
      """
      dir=$1; shift
      trap : HUP INT TERM
      "$@"
      code=$?
      umask 077
      printf '%s\\n' "$code" > "$dir/exit"
      """;

  /**
   * A terminal size for programs that ask, since no real terminal stands behind the
   * pseudo-terminal.
   */
  private static final String TTY_SIZE = "stty cols 160 rows 48 2>/dev/null; exec ";

  private DetachedWrapper() {}

  static List<String> command(JobLaunch launch) {
    var command = new ArrayList<String>();
    command.add("setsid");
    command.add("/bin/sh");
    command.add("-c");
    command.add(SCRIPT);
    command.add(PROCESS_NAME);
    command.add(launch.runDirectory().toAbsolutePath().toString());
    if (launch.tty()) {
      // script(1) holds the pseudo-terminal inside the detached session, so a terminal job outlives
      // the
      // server too. It wants one command line, which it runs with $SHELL: that is pinned to
      // /bin/sh, and
      // each argv element is single-quoted for it.
      command.addAll(
          List.of(
              "env",
              "SHELL=/bin/sh",
              "script",
              "-q",
              "-e",
              "-E",
              "never",
              "-c",
              TTY_SIZE + shellQuoted(launch.argv()),
              "/dev/null"));
    } else {
      command.addAll(launch.argv());
    }
    return command;
  }

  /**
   * Each element in single quotes, a quote inside written as {@code '\''}: nothing in it is
   * interpreted.
   */
  static String shellQuoted(List<String> argv) {
    var line = new StringBuilder();
    for (String element : argv) {
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append('\'').append(element.replace("'", "'\\''")).append('\'');
    }
    return line.toString();
  }

  static Path exitFile(Path runDirectory) {
    return runDirectory.resolve(EXIT_FILE);
  }
}
