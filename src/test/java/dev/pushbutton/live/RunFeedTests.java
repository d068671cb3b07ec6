package dev.pushbutton.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The feed's ring of events, each standing for one chunk or several: what a viewer at a given chunk
 * is handed, and when it is sent to the log instead.
 */
class RunFeedTests {

  /** One read's events side by side in one array, as RunFeeds encodes them: "[a..b]" each. */
  private static List<RunFeed.Event> read(long[]... ranges) {
    var text = new StringBuilder();
    var ends = new ArrayList<Integer>();
    for (long[] range : ranges) {
      text.append('[').append(range[0]).append("..").append(range[1]).append(']');
      ends.add(text.length());
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    var events = new ArrayList<RunFeed.Event>();
    int start = 0;
    for (int i = 0; i < ranges.length; i++) {
      events.add(new RunFeed.Event(ranges[i][0], ranges[i][1], bytes, start, ends.get(i) - start));
      start = ends.get(i);
    }
    return events;
  }

  private static long[] chunks(long first, long last) {
    return new long[] {first, last};
  }

  private static String text(RunFeed.Block block) {
    return new String(block.bytes(), block.offset(), block.length(), StandardCharsets.US_ASCII);
  }

  private static String rest(RunFeed.Block block, long seq) {
    int from = block.offsetOf(seq);
    return new String(block.bytes(), from, block.end() - from, StandardCharsets.US_ASCII);
  }

  @Test
  void aViewerIsHandedTheEventsFromTheOneThatStartsWhereItIs() {
    var feed = new RunFeed();
    feed.append(read(chunks(1, 1), chunks(2, 40), chunks(41, 41)));
    feed.append(read(chunks(42, 100)));

    assertThat(text(feed.after(0, 1 << 20))).isEqualTo("[1..1][2..40][41..41][42..100]");
    assertThat(text(feed.after(1, 1 << 20))).isEqualTo("[2..40][41..41][42..100]");
    assertThat(text(feed.after(41, 1 << 20))).isEqualTo("[42..100]");
    assertThat(feed.after(100, 1 << 20).isEmpty()).isTrue();
    assertThat(feed.after(1, 1 << 20).to()).isEqualTo(100);
    assertThat(feed.newest()).isEqualTo(100);
  }

  @Test
  void aChunkInTheMiddleOfAnEventComesFromTheLog() {
    var feed = new RunFeed();
    feed.append(read(chunks(1, 1), chunks(2, 40), chunks(41, 41)));

    assertThat(feed.after(1 + 5, 1 << 20)).isNull();
    assertThat(feed.holds(2)).isTrue();
    assertThat(feed.holds(7)).isFalse();
    assertThat(feed.holds(41)).isTrue();
    assertThat(feed.holds(42)).isFalse();
  }

  @Test
  void aBlockSaysWhereEachOfItsEventsStartsAndOnlyThose() {
    var feed = new RunFeed();
    feed.append(read(chunks(1, 1), chunks(2, 40)));
    feed.append(read(chunks(41, 41), chunks(42, 100)));

    RunFeed.Block block = feed.block(0, 1 << 20);

    assertThat(block.from()).isEqualTo(1);
    assertThat(block.to()).isEqualTo(100);
    assertThat(block.offsetOf(2)).isNotNegative();
    assertThat(block.offsetOf(3)).isEqualTo(-1);
    assertThat(block.offsetOf(101)).isEqualTo(-1);
    assertThat(rest(block, 41)).isEqualTo("[41..41][42..100]");
    assertThat(rest(block, 2)).isEqualTo("[2..40][41..41][42..100]");
  }

  @Test
  void theEventsOfOneReadAreHandedOutWithoutACopy() {
    var feed = new RunFeed();
    List<RunFeed.Event> events = read(chunks(1, 10), chunks(11, 20));
    feed.append(events);

    RunFeed.Block block = feed.block(0, 1 << 20);

    assertThat(block.bytes()).isSameAs(events.getFirst().bytes());
    assertThat(text(block)).isEqualTo("[1..10][11..20]");
  }

  @Test
  void aBlockStopsAtItsSizeButHoldsAtLeastOneEvent() {
    var feed = new RunFeed();
    feed.append(read(chunks(1, 1), chunks(2, 2), chunks(3, 3)));

    assertThat(text(feed.block(0, 12))).isEqualTo("[1..1][2..2]");
    assertThat(text(feed.block(0, 3))).isEqualTo("[1..1]");
    assertThat(text(feed.block(2, 3))).isEqualTo("[3..3]");
    assertThat(feed.block(3, 3)).isNull();
  }

  @Test
  void oldEventsLeaveTheRingAndAreThenReadFromTheLog() {
    var feed = new RunFeed();
    long seq = 0;
    for (int i = 0; i < 20_000; i++) { // more events than the ring holds
      seq++;
      feed.append(read(chunks(seq, seq)));
    }

    assertThat(feed.after(0, 1 << 20)).isNull();
    assertThat(feed.holds(1)).isFalse();
    assertThat(feed.holds(seq)).isTrue();
    RunFeed.Block oldestHeld = feed.block(0, 1 << 20);
    assertThat(oldestHeld.from()).isGreaterThan(1);
    assertThat(feed.after(oldestHeld.from() - 1, 1 << 20).from()).isEqualTo(oldestHeld.from());
  }

  @Test
  void unencodedChunksAndGapsAreLeftToTheLog() {
    var feed = new RunFeed();
    feed.append(read(chunks(1, 10)));
    feed.skipTo(50); // nobody watched 11..50

    assertThat(feed.after(10, 1 << 20)).isNull();
    assertThat(feed.after(50, 1 << 20).isEmpty()).isTrue();
    assertThat(feed.block(0, 1 << 20)).isNull();

    feed.append(read(chunks(51, 60)));
    feed.append(read(chunks(70, 80))); // 61..69 never came here

    assertThat(feed.holds(51)).isFalse();
    assertThat(feed.after(60, 1 << 20)).isNull();
    assertThat(text(feed.after(69, 1 << 20))).isEqualTo("[70..80]");
  }
}
