package dev.pushbutton.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw log's bytes, lines and stderr stretches, worked out from the index alone. */
class RawLogTests {
  @TempDir Path dir;

  /** Writes a chunk to its stream file and records it, as the tailer does. */
  private static void write(OutputLog log, StdStream stream, String text, boolean eol)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Files.write(log.file(stream), bytes, StandardOpenOption.APPEND);
    log.record(stream, bytes, eol, Instant.EPOCH);
  }

  private OutputLog sample() throws IOException {
    OutputLog log = OutputLog.open(dir);
    write(log, StdStream.STDOUT, "one\n", true); // 0-3, line 1
    write(log, StdStream.STDERR, "oops\n", true); // 4-8, line 2
    write(log, StdStream.STDERR, "again\n", true); // 9-14, line 3
    write(log, StdStream.STDOUT, "par", false); // 15-17, line 4
    write(log, StdStream.STDOUT, "tial\n", true); // 18-22, line 4
    write(log, StdStream.STDERR, "late", false); // 23-26, line 5, unfinished
    log.commit();
    return log;
  }

  @Test
  void countsBytesAndLinesAnUnfinishedLastLineIncluded() throws IOException {
    try (OutputLog log = sample();
        RawLog raw = new RawLog(log, log.lastSeq())) {
      assertThat(raw.summary()).isEqualTo(new RawLog.Summary(27, 5));
    }
  }

  @Test
  void findsTheLineOfAnyByteFromTheStartOrFromTheEnd() throws IOException {
    try (OutputLog log = sample();
        RawLog raw = new RawLog(log, log.lastSeq())) {
      assertThat(raw.lineAt(0)).isEqualTo(1);
      assertThat(raw.lineAt(3)).isEqualTo(1); // the newline belongs to the line it ends
      assertThat(raw.lineAt(4)).isEqualTo(2);
      assertThat(raw.lineAt(16)).isEqualTo(4);
      assertThat(raw.lineAt(20)).isEqualTo(4); // past the middle: found from the end
      assertThat(raw.lineAt(26)).isEqualTo(5);
    }
  }

  @Test
  void copiesAnyRangeAcrossStreamsAndChunks() throws IOException {
    String whole = "one\noops\nagain\npartial\nlate";
    try (OutputLog log = sample()) {
      for (int from = 0; from <= whole.length(); from++) {
        for (int to = from; to <= whole.length(); to++) {
          try (RawLog raw = new RawLog(log, log.lastSeq())) {
            var out = new ByteArrayOutputStream();
            raw.copyTo(out, from, to);
            assertThat(out.toString(StandardCharsets.UTF_8))
                .as("[%d, %d)", from, to)
                .isEqualTo(whole.substring(from, to));
          }
        }
      }
    }
  }

  @Test
  void stopsAtItsOwnLastChunk() throws IOException {
    try (OutputLog log = sample();
        RawLog raw = new RawLog(log, 3)) {
      var out = new ByteArrayOutputStream();
      raw.copyTo(out, 0, Long.MAX_VALUE);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\noops\nagain\n");
      assertThat(raw.summary()).isEqualTo(new RawLog.Summary(15, 3));
    }
  }

  @Test
  void mergesAdjacentStderrChunksIntoOneStretch() throws IOException {
    try (OutputLog log = sample();
        RawLog raw = new RawLog(log, log.lastSeq())) {
      assertThat(raw.stretches(StdStream.STDERR, 0, Long.MAX_VALUE))
          .containsExactly(new RawLog.Stretch(4, 15, 2, 3), new RawLog.Stretch(23, 27, 5, 5));
      // A stretch overlapping the window is given whole; one outside it is left out.
      assertThat(raw.stretches(StdStream.STDERR, 10, 12))
          .containsExactly(new RawLog.Stretch(4, 15, 2, 3));
      assertThat(raw.stretches(StdStream.STDERR, 15, 23)).isEmpty();
      assertThat(raw.stretches(StdStream.STDOUT, 0, Long.MAX_VALUE))
          .containsExactly(new RawLog.Stretch(0, 4, 1, 1), new RawLog.Stretch(15, 23, 4, 4));
    }
  }

  @Test
  void anEmptyLogHasNothing() throws IOException {
    try (OutputLog log = OutputLog.open(dir);
        RawLog raw = new RawLog(log, log.lastSeq())) {
      assertThat(raw.summary()).isEqualTo(new RawLog.Summary(0, 0));
      assertThat(raw.stretches(StdStream.STDERR, 0, Long.MAX_VALUE)).isEmpty();
      var out = new ByteArrayOutputStream();
      raw.copyTo(out, 0, Long.MAX_VALUE);
      assertThat(out.size()).isZero();
    }
  }
}
