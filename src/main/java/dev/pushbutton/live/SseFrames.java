package dev.pushbutton.live;

import dev.pushbutton.output.OutputChunk;
import dev.pushbutton.output.StdStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The bytes of each kind of event on a run's stream. Output events are encoded by hand: they are
 * the hot path.
 */
final class SseFrames {
  static final byte[] HEARTBEAT = ": keepalive\n\n".getBytes(StandardCharsets.UTF_8);

  /** Tells EventSource to reconnect after one second instead of its default three. */
  static final byte[] RETRY = "retry: 1000\n\n".getBytes(StandardCharsets.UTF_8);

  private SseFrames() {}

  static byte[] output(OutputChunk chunk) {
    String text = chunk.text();
    var frame = new StringBuilder(text.length() + 160);
    frame
        .append("id: ")
        .append(chunk.seq())
        .append("\nevent: output\ndata: {\"seq\":")
        .append(chunk.seq());
    frame.append(",\"stream\":\"").append(chunk.stream().fileName()).append("\",\"text\":");
    Json.string(frame, text);
    frame
        .append(",\"eol\":")
        .append(chunk.eol())
        .append(",\"ts\":\"")
        .append(chunk.readAt())
        .append("\"}\n\n");
    return frame.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Encodes output events, fast for the common case: a line of printable ASCII with nothing to
   * escape is copied into the frame as bytes, with no decoding to a String and back. Timestamps
   * repeat within a batch (one read), so the last one's text is kept. Not thread-safe: one per
   * batch or per viewer.
   */
  static final class Encoder {
    private static final byte[] ID = ascii("id: ");
    private static final byte[] SEQ = ascii("\nevent: output\ndata: {\"seq\":");
    private static final byte[] STDOUT = ascii(",\"stream\":\"stdout\",\"text\":\"");
    private static final byte[] STDERR = ascii(",\"stream\":\"stderr\",\"text\":\"");
    private static final byte[] EOL_TRUE = ascii("\",\"eol\":true,\"ts\":\"");
    private static final byte[] EOL_FALSE = ascii("\",\"eol\":false,\"ts\":\"");
    private static final byte[] END = ascii("\"}\n\n");

    private static final byte[] LINES = ascii("\nevent: lines\ndata: {\"seq\":");
    private static final byte[] LINES_STDOUT = ascii(",\"stream\":\"stdout\",\"eol\":");
    private static final byte[] LINES_STDERR = ascii(",\"stream\":\"stderr\",\"eol\":");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] TS = ascii(",\"ts\":\"");
    private static final byte[] TEXTS = ascii("\",\"texts\":[");
    private static final byte[] LINES_END = ascii("]}\n\n");

    /**
     * The raw bytes a {@code lines} event carries at most (one longer chunk still goes alone): big
     * enough that a backlog is a few events per write, small enough for a browser to parse at once.
     */
    static final int MAX_LINES_BYTES = 64 * 1024;

    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Instant lastReadAt;
    private byte[] lastTimestamp;

    /**
     * Encodes consecutive chunks as few events as possible: each run of chunks of one stream read
     * at the same moment, every one but the last ending its line, becomes one {@code lines} event
     * (a lone chunk an {@code output} event). This is how a backlog goes out: per line, the event
     * framing would be more bytes than the log itself.
     */
    void encodeAll(List<OutputChunk> chunks, FrameBuffer into) {
      encodeAll(chunks, into, (firstSeq, lastSeq, end) -> {});
    }

    /** As {@link #encodeAll(List, FrameBuffer)}, telling {@code events} where each event ends. */
    void encodeAll(List<OutputChunk> chunks, FrameBuffer into, EventEnds events) {
      int start = 0;
      while (start < chunks.size()) {
        OutputChunk first = chunks.get(start);
        int end = start + 1;
        long bytes = first.bytes().length;
        while (end < chunks.size() && chunks.get(end - 1).eol()) {
          OutputChunk next = chunks.get(end);
          if (next.stream() != first.stream()
              || !next.readAt().equals(first.readAt())
              || bytes + next.bytes().length > MAX_LINES_BYTES) {
            break;
          }
          bytes += next.bytes().length;
          end++;
        }
        if (end - start == 1) {
          into.write(encode(first));
        } else {
          lines(chunks.subList(start, end), into);
        }
        events.ended(first.seq(), chunks.get(end - 1).seq(), into.size());
        start = end;
      }
    }

    /** Told where each event of {@link #encodeAll} ends. */
    @FunctionalInterface
    interface EventEnds {
      /**
       * @param end where the event that stands for the chunks {@code firstSeq}..{@code lastSeq}
       *     ends in the buffer
       */
      void ended(long firstSeq, long lastSeq, int end);
    }

    private void lines(List<OutputChunk> group, FrameBuffer into) {
      OutputChunk first = group.getFirst();
      OutputChunk last = group.getLast();
      into.write(ID);
      into.write(ascii(Long.toString(last.seq())));
      into.write(LINES);
      into.write(ascii(Long.toString(first.seq())));
      into.write(first.stream() == StdStream.STDOUT ? LINES_STDOUT : LINES_STDERR);
      into.write(last.eol() ? TRUE : FALSE);
      into.write(TS);
      into.write(timestamp(first.readAt()));
      into.write(TEXTS);
      for (int i = 0; i < group.size(); i++) {
        OutputChunk chunk = group.get(i);
        if (i > 0) {
          into.write(',');
        }
        int end = textEnd(chunk);
        if (plainAscii(chunk.bytes(), end)) {
          into.write('"');
          into.write(chunk.bytes(), 0, end);
          into.write('"');
        } else {
          var text = new StringBuilder(end + 16);
          Json.string(text, chunk.text());
          into.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
      }
      into.write(LINES_END);
    }

    byte[] encode(OutputChunk chunk) {
      byte[] raw = chunk.bytes();
      int end = textEnd(chunk);
      if (!plainAscii(raw, end)) {
        return output(chunk);
      }
      byte[] seq = ascii(Long.toString(chunk.seq()));
      byte[] stream = chunk.stream() == StdStream.STDOUT ? STDOUT : STDERR;
      byte[] eol = chunk.eol() ? EOL_TRUE : EOL_FALSE;
      byte[] ts = timestamp(chunk.readAt());
      byte[] frame =
          new byte
              [ID.length
                  + seq.length
                  + SEQ.length
                  + seq.length
                  + stream.length
                  + end
                  + eol.length
                  + ts.length
                  + END.length];
      int at = put(frame, 0, ID, ID.length);
      at = put(frame, at, seq, seq.length);
      at = put(frame, at, SEQ, SEQ.length);
      at = put(frame, at, seq, seq.length);
      at = put(frame, at, stream, stream.length);
      at = put(frame, at, raw, end);
      at = put(frame, at, eol, eol.length);
      at = put(frame, at, ts, ts.length);
      put(frame, at, END, END.length);
      return frame;
    }

    private byte[] timestamp(Instant readAt) {
      if (!readAt.equals(lastReadAt)) {
        lastReadAt = readAt;
        lastTimestamp = ascii(readAt.toString());
      }
      return lastTimestamp;
    }

    /** Where the chunk's text ends: before its newline, and a carriage return right before that. */
    private static int textEnd(OutputChunk chunk) {
      byte[] raw = chunk.bytes();
      int end = raw.length;
      if (chunk.eol() && end > 0 && raw[end - 1] == '\n') {
        end--;
        if (end > 0 && raw[end - 1] == '\r') {
          end--;
        }
      }
      return end;
    }

    private static boolean plainAscii(byte[] raw, int end) {
      int i = 0;
      // Eight bytes at a time (SWAR): any byte below 0x20, at or above 0x80, a quote or a
      // backslash.
      for (; i + 8 <= end; i += 8) {
        long w = (long) LONGS.get(raw, i);
        long below = (w - 0x2020202020202020L) & ~w;
        long quote = w ^ 0x2222222222222222L;
        long backslash = w ^ 0x5C5C5C5C5C5C5C5CL;
        long zeros =
            ((quote - 0x0101010101010101L) & ~quote)
                | ((backslash - 0x0101010101010101L) & ~backslash);
        if (((below | zeros | w) & 0x8080808080808080L) != 0) {
          return false;
        }
      }
      for (; i < end; i++) {
        byte b = raw[i];
        if (b < 0x20 || b == '"' || b == '\\') { // negative: not ASCII
          return false;
        }
      }
      return true;
    }

    private static int put(byte[] into, int at, byte[] from, int length) {
      System.arraycopy(from, 0, into, at, length);
      return at + length;
    }

    private static byte[] ascii(String text) {
      return text.getBytes(StandardCharsets.US_ASCII);
    }
  }

  static byte[] state(String runJson) {
    return ("event: state\ndata: " + runJson + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] report(String reportJson) {
    return ("event: report\ndata: " + reportJson + "\n\n").getBytes(StandardCharsets.UTF_8);
  }
}
