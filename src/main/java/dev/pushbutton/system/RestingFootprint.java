package dev.pushbutton.system;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.OperatingSystemMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives memory back to the machine while the server rests. A JVM keeps the heap it grew to and the
 * native memory its compilers and start-up used, so a server that did nothing for hours still held
 * what its busiest minute needed (250 MB and more on a machine with plenty of memory). Most
 * Pushbutton servers are idle most of the time, on machines that run other things.
 *
 * <p>Every few seconds it looks at how much processor time the server used since the last look.
 * Once it has been quiet for {@code quietFor} on end, after activity (or the start), it collects
 * the heap once, with the heap allowed to shrink to what it holds plus a little, and returns the C
 * library's freed memory to the operating system. It never acts while the server works: a busy
 * server keeps its heap, and nothing is done twice for one quiet stretch.
 *
 * <p>The heap's free ratios are lowered only when the operator left them at the JVM's defaults, and
 * an explicit collection is not forced on a JVM started with {@code -XX:+DisableExplicitGC}.
 */
final class RestingFootprint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RestingFootprint.class);

  /** Under this share of one processor since the last look, the server rests. */
  private static final double QUIET = 0.02;

  private static final Duration LOOK_EVERY = Duration.ofSeconds(5);

  private final Duration quietFor;
  private final long every;
  private final LongSupplier cpuNanos;
  private final LongSupplier nanoTime;
  private final Runnable compaction;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("pushbutton-rest").factory());
  private long lastCpuNanos = -1;
  private long quietSince = -1;
  private boolean compacted;

  RestingFootprint(Duration quietFor) {
    this(
        quietFor,
        ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class)::getProcessCpuTime,
        System::nanoTime,
        RestingFootprint::compact);
  }

  /** With the process's processor time, the clock and the compaction given (for tests). */
  RestingFootprint(
      Duration quietFor, LongSupplier cpuNanos, LongSupplier nanoTime, Runnable compaction) {
    this.quietFor = quietFor;
    this.every = Math.min(LOOK_EVERY.toNanos(), quietFor.toNanos());
    this.cpuNanos = cpuNanos;
    this.nanoTime = nanoTime;
    this.compaction = compaction;
  }

  void start() {
    lowerFreeRatios();
    timer.scheduleWithFixedDelay(this::look, every, every, TimeUnit.NANOSECONDS);
  }

  /** One look: called every few seconds by the timer. */
  void look() {
    try {
      long now = nanoTime.getAsLong();
      long cpu = cpuNanos.getAsLong();
      long used = lastCpuNanos < 0 ? Long.MAX_VALUE : cpu - lastCpuNanos;
      lastCpuNanos = cpu;
      if (used > QUIET * every) {
        quietSince = -1; // working, or just started
        compacted = false;
        return;
      }
      if (quietSince < 0) {
        quietSince = now - every; // quiet since the last look
      }
      if (!compacted && now - quietSince >= quietFor.toNanos()) {
        compaction.run();
        compacted = true;
        lastCpuNanos = cpuNanos.getAsLong(); // the compaction's own work is not activity
      }
    } catch (RuntimeException e) {
      LOG.debug("could not give memory back: {}", e.toString());
    }
  }

  private static void compact() {
    long before = residentBytes();
    System.gc();
    trimNativeHeap();
    long after = residentBytes();
    LOG.debug("resting: resident memory {} MB -> {} MB", before >> 20, after >> 20);
  }

  /**
   * The heap shrinks after a full collection to keep between these shares free: 10 to 30% instead
   * of the JVM's 40 to 70%. Both flags can be changed in a running JVM; an operator's own choice
   * (on the command line) is left alone.
   */
  private static void lowerFreeRatios() {
    var hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    if (isDefault(hotspot, "MinHeapFreeRatio") && isDefault(hotspot, "MaxHeapFreeRatio")) {
      hotspot.setVMOption("MinHeapFreeRatio", "10");
      hotspot.setVMOption("MaxHeapFreeRatio", "30");
    }
  }

  private static boolean isDefault(HotSpotDiagnosticMXBean hotspot, String flag) {
    VMOption.Origin origin = hotspot.getVMOption(flag).getOrigin();
    return origin == VMOption.Origin.DEFAULT || origin == VMOption.Origin.ERGONOMIC;
  }

  /** What {@code jcmd <pid> System.trim_native_heap} does: glibc's malloc_trim. */
  private static void trimNativeHeap() {
    try {
      ManagementFactory.getPlatformMBeanServer()
          .invoke(
              new ObjectName("com.sun.management:type=DiagnosticCommand"),
              "systemTrimNativeHeap",
              new Object[] {null},
              new String[] {String[].class.getName()});
    } catch (Exception notHere) {
      // not glibc, or not HotSpot: nothing to trim this way
    }
  }

  private static long residentBytes() {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux
    }
    return 0;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
