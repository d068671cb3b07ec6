package dev.pushbutton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's own event stream reader: what it hands on, however the bytes are cut. */
class EventStreamParserTests {
  private static final String BODY =
      """
      retry: 1000

      event: state
      data: {"id":"r","state":"running"}

      id: 1
      event: output
      data: {"seq":1,"stream":"stdout","text":"first","eol":true,"ts":"2026-11-23T10:00:00Z"}

      id: 4
      event: lines
      data: {"seq":2,"stream":"stdout","eol":true,"ts":"2026-11-23T10:00:00Z","texts":["a \\"quoted\\" word","b","c"]}

      : keepalive

      event: state
      data: {"id":"r","state":"succeeded"}

      """;

  /** The body in HTTP chunks of {@code chunkSize} bytes, after the status line and headers. */
  private static byte[] response(int chunkSize) {
    var out = new ByteArrayOutputStream();
    out.writeBytes(
        ("HTTP/1.1 200 \r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at < body.length; at += chunkSize) {
      int length = Math.min(chunkSize, body.length - at);
      out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, at, length);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  @Test
  void everyChunkComesOnceWhereverTheHttpChunksAndTheReadsCut() throws Exception {
    for (int chunkSize : new int[] {1, 7, 64, 100_000}) {
      byte[] response = response(chunkSize);
      int headers = new String(response, StandardCharsets.US_ASCII).indexOf("\r\n\r\n") + 4;
      for (int read = 1; read <= 23; read++) {
        List<String> got = new ArrayList<>();
        var parser =
            new EventStreamParser((seq, buffer, offset, length, received) ->
                got.add(seq + ":" + new String(buffer, offset, length, StandardCharsets.UTF_8)));
        boolean ended = false;
        for (int at = 0; at < response.length && !ended; at += read) {
          int length = Math.min(read, response.length - at);
          ended = parser.feed(response, at, length);
          assertThat(parser.answered()).isEqualTo(at + length >= headers);
        }

        String cut = "HTTP chunks of " + chunkSize + ", reads of " + read;
        assertThat(ended).as(cut).isTrue();
        assertThat(got).as(cut).containsExactly("1:first", "2:a \\\"quoted\\\" word", "3:b", "4:c");
        assertThat(parser.outputs()).isEqualTo(4);
      }
    }
  }

  @Test
  void aStreamWithoutChunkedEncodingIsReadToo() throws Exception {
    byte[] response =
        ("HTTP/1.1 200 \r\nContent-Type: text/event-stream\r\n\r\n" + BODY)
            .getBytes(StandardCharsets.UTF_8);
    List<Long> seqs = new ArrayList<>();
    var parser = new EventStreamParser((seq, buffer, offset, length, received) -> seqs.add(seq));

    assertThat(parser.feed(response, 0, response.length)).isTrue();
    assertThat(seqs).containsExactly(1L, 2L, 3L, 4L);
  }
}
