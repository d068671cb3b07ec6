package dev.pushbutton.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.output.OutputChunk;
import dev.pushbutton.output.StdStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseFramesTests {

  /** The fast path and the general one must say exactly the same thing. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain line\n",
        "with \"quotes\" and \\ backslash\n",
        "tab\there\n",
        "crlf\r\n",
        "unfinished",
        "ünïcödé €\n",
        "\u001b[31mred\u001b[0m\n",
        "\n",
        "",
        "progress 10%\rprogress 50%\n"
      })
  void fastPathEncodesExactlyAsTheGeneralOne(String text) {
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    boolean eol = text.endsWith("\n");
    var chunk =
        new OutputChunk(
            42, StdStream.STDERR, raw, eol, Instant.parse("2026-11-23T10:00:00.123456Z"));

    byte[] fast = new SseFrames.Encoder().encode(chunk);

    assertThat(new String(fast, StandardCharsets.UTF_8))
        .isEqualTo(new String(SseFrames.output(chunk), StandardCharsets.UTF_8));
  }
}
