package dev.pushbutton.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTailerTests {
  @TempDir Path dir;
  private final List<OutputChunk> told = new ArrayList<>();
  private final AtomicLong nanos = new AtomicLong();
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void cutsWholeLinesAndNumbersThemFromOne() throws IOException {
    try (OutputLog log = OutputLog.open(dir);
        OutputTailer tailer = tailer(log)) {
      write(StdStream.STDOUT, "one\ntwo\n");
      write(StdStream.STDERR, "oops\n");
      tailer.pump();

      assertThat(told).extracting(OutputChunk::seq).containsExactly(1L, 2L, 3L);
      assertThat(told).extracting(OutputChunk::text).containsExactly("one", "two", "oops");
      assertThat(told.get(2).stream()).isEqualTo(StdStream.STDERR);
      assertThat(log.lastSeq()).isEqualTo(3);
    }
  }

  @Test
  void saysItIsBehindWhileAReadFillsItsBufferAndNotOnceItHasCaughtUp() throws IOException {
    try (OutputLog log = OutputLog.open(dir);
        OutputTailer tailer = tailer(log)) {
      String line = "x".repeat(99) + "\n";
      write(StdStream.STDOUT, line.repeat(6_000)); // 600,000 bytes: more than two reads' worth

      int pumps = 0;
      do {
        assertThat(tailer.pump()).isTrue();
        pumps++;
      } while (tailer.isBehind());
      // Its buffer doubles from 16 KiB each time a read fills it: 16 + 32 + 64 + 128 + 256 KiB
      // filled five reads, and the sixth took what was left (and did not fill the buffer).
      assertThat(pumps).isEqualTo(6);
      assertThat(tailer.pump()).isFalse();
      assertThat(tailer.isBehind()).isFalse();
      assertThat(told).hasSize(6_000);
    }
  }

  @Test
  void unfinishedLineWaitsThenIsSentAsFarAsItGoes() throws IOException {
    try (OutputLog log = OutputLog.open(dir);
        OutputTailer tailer = tailer(log)) {
      write(StdStream.STDOUT, "Password: ");
      tailer.pump();
      assertThat(told).isEmpty();
      assertThat(tailer.nanosUntilDue()).isEqualTo(OutputTailer.PARTIAL_AFTER_NANOS);

      nanos.addAndGet(OutputTailer.PARTIAL_AFTER_NANOS);
      tailer.pump();
      assertThat(told)
          .singleElement()
          .satisfies(c -> {
            assertThat(c.text()).isEqualTo("Password: ");
            assertThat(c.eol()).isFalse();
          });

      write(StdStream.STDOUT, "ok\n");
      tailer.pump();
      assertThat(told.get(1).text()).isEqualTo("ok");
      assertThat(told.get(1).eol()).isTrue();
    }
  }

  @Test
  void partialLineNeverSplitsAUtf8Character() throws IOException {
    try (OutputLog log = OutputLog.open(dir);
        OutputTailer tailer = tailer(log)) {
      byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // three bytes
      write(StdStream.STDOUT, new byte[] {'a', euro[0], euro[1]});
      tailer.pump();
      nanos.addAndGet(OutputTailer.PARTIAL_AFTER_NANOS);
      tailer.pump();
      write(StdStream.STDOUT, new byte[] {euro[2], '\n'});
      tailer.pump();

      assertThat(told).extracting(OutputChunk::text).containsExactly("a", "€");
    }
  }

  @Test
  void linesUpToTheChunkLimitAreOneChunkLongerOnesArePiecesAcrossReads() throws IOException {
    int max = OutputTailer.MAX_CHUNK;
    var text = new StringBuilder();
    var expected = new ArrayList<String>();
    for (int i = 0; i < 1000; i++) { // 100,000 bytes first, so a long line straddles two reads
      text.append("y".repeat(99)).append('\n');
      expected.add("100 eol");
    }
    for (int length : new int[] {max - 1, max, max + 1, 3 * max + 5, 5}) {
      text.append("x".repeat(length)).append('\n');
    }
    expected.addAll(
        List.of(
            max + " eol",
            (max + 1) + " eol",
            max + " piece",
            "2 eol",
            max + " piece",
            max + " piece",
            max + " piece",
            "6 eol",
            "6 eol"));

    try (OutputLog log = OutputLog.open(dir);
        OutputTailer tailer = tailer(log)) {
      write(StdStream.STDOUT, text.toString());
      tailer.drain();
    }

    assertThat(told)
        .extracting(c -> c.bytes().length + (c.eol() ? " eol" : " piece"))
        .containsExactlyElementsOf(expected);
    var joined = new StringBuilder();
    told.forEach(c -> joined.append(new String(c.bytes(), StandardCharsets.US_ASCII)));
    assertThat(joined.toString()).isEqualTo(text.toString());
  }

  @Test
  void drainSendsWhatIsLeftAndReplayMatchesTheLiveChunks() throws IOException {
    try (OutputLog log = OutputLog.open(dir);
        OutputTailer tailer = tailer(log)) {
      write(StdStream.STDOUT, "a\nb\nno newline at the end");
      tailer.drain();
      assertThat(told)
          .extracting(OutputChunk::text)
          .containsExactly("a", "b", "no newline at the end");

      try (OutputReader reader = log.reader(1)) {
        assertThat(reader.next(10))
            .extracting(OutputChunk::text)
            .containsExactly("b", "no newline at the end");
        assertThat(reader.next(10)).isEmpty();
      }
    }
  }

  @Test
  void restartResumesWhereTheIndexEndsAndDropsATornRecord() throws IOException {
    try (OutputLog log = OutputLog.open(dir);
        OutputTailer tailer = tailer(log)) {
      write(StdStream.STDOUT, "first\nsecond\n");
      tailer.pump();
    }
    // a crash mid-record leaves a partial record; more output arrives while no server runs
    Files.write(dir.resolve(OutputLog.INDEX_FILE), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
    write(StdStream.STDOUT, "third\n");
    told.clear();

    try (OutputLog log = OutputLog.open(dir);
        OutputTailer tailer = tailer(log)) {
      assertThat(log.lastSeq()).isEqualTo(2);
      tailer.pump();
      assertThat(told)
          .singleElement()
          .satisfies(c -> {
            assertThat(c.seq()).isEqualTo(3);
            assertThat(c.text()).isEqualTo("third");
          });
      var raw = new java.io.ByteArrayOutputStream();
      try (RawLog whole = new RawLog(log, log.lastSeq())) {
        whole.copyTo(raw, 0, Long.MAX_VALUE);
      }
      assertThat(raw.toString(StandardCharsets.UTF_8)).isEqualTo("first\nsecond\nthird\n");
    }
  }

  @Test
  void aRunsSecretsAreMaskedInTheLogAndTheChunksEvenWhenPrintedInTwoWrites() throws IOException {
    RunSecrets.write(dir, java.util.Map.of("token", "hunter2"));
    try (OutputLog log = OutputLog.open(dir);
        OutputTailer tailer = tailer(log)) {
      assertThat(log.sourceFile(StdStream.STDOUT)).isNotEqualTo(log.file(StdStream.STDOUT));
      writeSource(log, StdStream.STDOUT, "token is hunter2\npart: hun");
      tailer.pump();
      nanos.addAndGet(OutputTailer.PARTIAL_AFTER_NANOS); // the unfinished line is due
      tailer.pump();
      writeSource(log, StdStream.STDOUT, "ter2 done\n");
      writeSource(log, StdStream.STDERR, "err hunter2\n");
      tailer.pump();
      tailer.drain();

      assertThat(told)
          .extracting(OutputChunk::text)
          .containsExactly("token is ***", "part: ", "*** done", "err ***");
      assertThat(Files.readString(log.file(StdStream.STDOUT)))
          .isEqualTo("token is ***\npart: *** done\n");
      assertThat(wholeLog(log)).isEqualTo("token is ***\npart: *** done\nerr ***\n");
    }
  }

  @Test
  void aRestartMasksTheSourceAgainAndGoesOnWithoutRepeatingOrLosingAByte() throws IOException {
    RunSecrets.write(dir, java.util.Map.of("token", "hunter2"));
    try (OutputLog log = OutputLog.open(dir);
        OutputTailer tailer = tailer(log)) {
      writeSource(log, StdStream.STDOUT, "a hunter2\nb hunter2\nc hun");
      tailer.pump();
    }
    // the server died with "c hun" unsent and part of it written to the masked file
    Files.write(
        dir.resolve("stdout"), "c ".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    told.clear();

    try (OutputLog log = OutputLog.open(dir);
        OutputTailer tailer = tailer(log)) {
      writeSource(log, StdStream.STDOUT, "ter2 d hunter2\n");
      tailer.pump();
      tailer.drain();
      assertThat(told).extracting(OutputChunk::text).containsExactly("c *** d ***");
      assertThat(told.getFirst().seq()).isEqualTo(3);
      assertThat(wholeLog(log)).isEqualTo("a ***\nb ***\nc *** d ***\n");
    }
  }

  @Test
  void aRunWithoutSecretsIsReadWhereItsProcessWrites() throws IOException {
    try (OutputLog log = OutputLog.open(dir)) {
      assertThat(log.sourceFile(StdStream.STDOUT)).isEqualTo(log.file(StdStream.STDOUT));
      assertThat(dir.resolve(RunSecrets.sourceName(StdStream.STDOUT))).doesNotExist();
    }
  }

  private String wholeLog(OutputLog log) throws IOException {
    var raw = new java.io.ByteArrayOutputStream();
    try (RawLog whole = new RawLog(log, log.lastSeq())) {
      whole.copyTo(raw, 0, Long.MAX_VALUE);
    }
    return raw.toString(StandardCharsets.UTF_8);
  }

  private void writeSource(OutputLog log, StdStream stream, String text) throws IOException {
    Files.write(
        log.sourceFile(stream), text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
  }

  private OutputTailer tailer(OutputLog log) {
    return new OutputTailer("run", log, (runId, chunks) -> told.addAll(chunks), clock, nanos::get);
  }

  private void write(StdStream stream, String text) throws IOException {
    write(stream, text.getBytes(StandardCharsets.UTF_8));
  }

  private void write(StdStream stream, byte[] bytes) throws IOException {
    Files.write(dir.resolve(stream.fileName()), bytes, StandardOpenOption.APPEND);
  }
}
