package dev.pushbutton.testing;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * A JVM's class histogram, as {@code jcmd <pid> GC.class_histogram} prints it: what is live after a
 * full collection, class by class, and the total. The JVM takes it at a safepoint, so it counts
 * what is reachable, not garbage not yet collected.
 */
public record ClassHistogram(String text) {

  /** This JVM's histogram, through its diagnostic command bean (a full collection first). */
  public static ClassHistogram ofThisJvm() throws JMException {
    return new ClassHistogram(
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()}));
  }

  /** Live instances of the class named {@code className}; 0 when there are none. */
  public int instances(String className) {
    for (String line : text.split("\n")) {
      // "  12:   200   20800  org.example.Name" (a module may follow the name)
      String[] words = line.trim().split("\\s+");
      if (words.length >= 4 && words[3].equals(className)) {
        return Integer.parseInt(words[1]);
      }
    }
    return 0;
  }

  /** The bytes of every live object: the histogram's total. */
  public long totalBytes() {
    for (String line : text.split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length == 3 && words[0].equals("Total")) {
        return Long.parseLong(words[2]);
      }
    }
    throw new IllegalStateException("no total in the class histogram: " + text);
  }
}
