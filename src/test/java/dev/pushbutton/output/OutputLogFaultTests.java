package dev.pushbutton.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's index on a disk that fills up: a real, tiny tmpfs (mounting one needs root; outside CI
 * the tests are skipped without it). Whatever a full disk cuts short, the next commit finishes, and
 * readers only ever see whole records, each once, in order.
 */
class OutputLogFaultTests {
  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
  private static final int PAGE = 4096;

  @TempDir Path tmp;
  private Path disk;
  private Path runDir;
  private boolean mounted;
  private OutputLog log;

  @BeforeEach
  void mountATinyDisk() throws IOException, InterruptedException {
    disk = Files.createDirectory(tmp.resolve("disk"));
    if (run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk.toString()) != 0) {
      String why = "cannot mount a tmpfs here (it takes root on Linux)";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      assumeTrue(false, why);
    }
    mounted = true;
    runDir = disk.resolve("run");
  }

  @AfterEach
  void unmount() throws IOException, InterruptedException {
    if (log != null) {
      log.close();
    }
    if (mounted) {
      run("umount", "-l", disk.toString());
    }
  }

  @Test
  void aRecordTheFullDiskTearsIsFinishedByTheNextCommitAndReadersOnlySeeWholeOnes()
      throws IOException {
    List<String> lines = lines(175);
    log = OutputLog.open(runDir);
    append(lines);
    // 170 records fill all but 16 bytes of the index's first page: the next record is torn.
    for (String line : lines.subList(0, 170)) {
      record(line);
    }
    log.commit();
    assertThat(indexSize()).isEqualTo(PAGE - 16);
    OutputReader reader = log.reader(0);
    fillTheDisk();

    for (String line : lines.subList(170, 175)) {
      record(line);
    }
    assertThatThrownBy(log::commit)
        .isInstanceOf(OutputStorageException.class)
        .hasMessageStartingWith("the disk holding the data directory is full");
    assertThat(indexSize() % IndexRecord.SIZE).as("the disk tore a record").isNotZero();
    assertThat(log.lastSeq()).as("readers see only what was committed").isEqualTo(170);
    assertThat(texts(reader)).containsExactlyElementsOf(lines.subList(0, 170));
    assertThatThrownBy(log::commit).isInstanceOf(OutputStorageException.class);

    freeTheDisk();
    log.commit();

    assertThat(log.lastSeq()).isEqualTo(175);
    assertThat(indexSize()).isEqualTo(175L * IndexRecord.SIZE);
    assertThat(texts(reader)).containsExactlyElementsOf(lines.subList(170, 175));
    reader.close();
    assertThat(texts(log.reader(0))).containsExactlyElementsOf(lines);
    assertThatTheLogReopensWhole(lines);
  }

  @Test
  void recordsMadeWhileTheDiskIsFullOutgrowTheBufferAndAllLandOnceThereIsRoom() throws IOException {
    List<String> lines = lines(3_000); // more than the 2,048 records the buffer holds at first
    log = OutputLog.open(runDir);
    append(lines);
    fillTheDisk();

    for (String line : lines) {
      record(line);
    }
    assertThatThrownBy(log::commit).isInstanceOf(OutputStorageException.class);
    assertThat(log.lastSeq()).isZero();

    freeTheDisk();
    log.commit();

    assertThat(log.lastSeq()).isEqualTo(3_000);
    assertThat(indexSize()).isEqualTo(3_000L * IndexRecord.SIZE);
    assertThat(texts(log.reader(0))).containsExactlyElementsOf(lines);
    assertThatTheLogReopensWhole(lines);
  }

  private void assertThatTheLogReopensWhole(List<String> lines) {
    log.close();
    log = OutputLog.open(runDir); // what a restarted server does: it drops a torn last record
    assertThat(log.lastSeq()).isEqualTo(lines.size());
    assertThat(log.consumed(StdStream.STDOUT))
        .isEqualTo(String.join("", lines).getBytes(StandardCharsets.UTF_8).length);
    assertThat(texts(log.reader(0))).containsExactlyElementsOf(lines);
  }

  private static List<String> lines(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "line " + i + "\n").toList();
  }

  /** What the job wrote: the bytes are in the stream file before the tailer records them. */
  private void append(List<String> lines) throws IOException {
    Files.writeString(
        log.file(StdStream.STDOUT), String.join("", lines), StandardOpenOption.APPEND);
  }

  private void record(String line) {
    log.record(StdStream.STDOUT, line.getBytes(StandardCharsets.UTF_8), true, AT);
  }

  private static List<String> texts(OutputReader reader) {
    var texts = new ArrayList<String>();
    for (var chunks = reader.next(1000); !chunks.isEmpty(); chunks = reader.next(1000)) {
      chunks.forEach(chunk -> texts.add(new String(chunk.bytes(), StandardCharsets.UTF_8)));
    }
    return texts;
  }

  private long indexSize() throws IOException {
    return Files.size(runDir.resolve(OutputLog.INDEX_FILE));
  }

  /** Writes a filler file until the disk refuses another byte. */
  private void fillTheDisk() throws IOException {
    byte[] block = new byte[PAGE];
    try (OutputStream out = Files.newOutputStream(disk.resolve("filler"))) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      assertThat(full).hasMessageContaining("No space left on device");
    }
    assertThat(Files.getFileStore(disk).getUsableSpace()).isZero();
  }

  private void freeTheDisk() throws IOException {
    Files.delete(disk.resolve("filler"));
  }

  private static int run(String... command) throws InterruptedException {
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    } catch (IOException noSuchCommand) {
      return -1;
    }
  }
}
