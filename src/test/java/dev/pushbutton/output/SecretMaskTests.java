package dev.pushbutton.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretMaskTests {
  @Test
  void everyOccurrenceBecomesThreeStars() {
    assertThat(maskWhole(List.of("hunter2"), "pw=hunter2 again hunter2\n"))
        .isEqualTo("pw=*** again ***\n");
  }

  @Test
  void aSecretCutInTwoPiecesIsHeldBackUntilTheSecondSaysItIsOne() {
    var mask = new SecretMask(List.of("hunter2"));
    assertThat(text(mask.feed(bytes("pw=hun"), 0, 6))).isEqualTo("pw=");
    assertThat(text(mask.feed(bytes("ter2\n"), 0, 5))).isEqualTo("***\n");
  }

  @Test
  void heldBytesThatTurnOutNotToBeTheSecretAreReleasedByTheNextPieceOrTheEnd() {
    var mask = new SecretMask(List.of("hunter2"));
    assertThat(text(mask.feed(bytes("a hunt"), 0, 6))).isEqualTo("a ");
    assertThat(text(mask.feed(bytes("ing\n"), 0, 4))).isEqualTo("hunting\n");
    assertThat(text(mask.feed(bytes("hun"), 0, 3))).isEmpty();
    assertThat(text(mask.finish())).isEqualTo("hun");
  }

  @Test
  void theLongestSecretWinsAndAShorterOneInsideItIsNotMaskedTwice() {
    List<String> secrets = List.of("abcd", "abcdef", "cdxy");
    assertThat(maskWhole(secrets, "abcdef abcdz cdxy")).isEqualTo("*** ***z ***");
    // At the end of the stream the shorter one is all there can be.
    var mask = new SecretMask(secrets);
    assertThat(text(mask.feed(bytes("abcde"), 0, 5))).isEmpty();
    assertThat(text(mask.finish())).isEqualTo("***e");
  }

  @Test
  void multiByteAndMultiLineSecretsAreMaskedByTheirUtf8Bytes() {
    assertThat(maskWhole(List.of("pässwörd"), "x pässwörd y")).isEqualTo("x *** y");
    assertThat(maskWhole(List.of("line one\nline two"), "key:\nline one\nline two\nend"))
        .isEqualTo("key:\n***\nend");
  }

  @Test
  void piecesOfAnySizeGiveWhatMaskingTheWholeStreamGives() {
    List<String> secrets = List.of("hunter2", "hunter22x", "ter2", "xx", "\u00e9t\u00e9!");
    var random = new Random(42);
    String alphabet = "hunter2x \n\u00e9t!";
    for (int round = 0; round < 300; round++) {
      var text = new StringBuilder();
      for (int i = 0; i < 200; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      byte[] whole = bytes(text.toString());
      String expected = maskWhole(secrets, text.toString());
      assertThat(expected).doesNotContain("hunter2", "ter2", "xx", "\u00e9t\u00e9!");

      var mask = new SecretMask(secrets);
      var out = new ByteArrayOutputStream();
      int at = 0;
      while (at < whole.length) {
        int size = Math.min(whole.length - at, 1 + random.nextInt(12));
        byte[] piece = mask.feed(whole, at, size);
        out.writeBytes(piece);
        at += size;
        // What has come out so far is always the start of the whole stream's mask.
        byte[] sofar = out.toByteArray();
        assertThat(sofar.length).isLessThanOrEqualTo(bytes(expected).length);
        assertThat(Arrays.copyOf(bytes(expected), sofar.length)).isEqualTo(sofar);
      }
      out.writeBytes(mask.finish());
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    }
  }

  @Test
  void noSecretsMeansNothingChangesAndNothingIsHeld() {
    var mask = new SecretMask(List.of("", ""));
    assertThat(mask.isEmpty()).isTrue();
    assertThat(text(mask.feed(bytes("anything"), 0, 8))).isEqualTo("anything");
  }

  private static String maskWhole(List<String> secrets, String text) {
    var mask = new SecretMask(secrets);
    byte[] all = bytes(text);
    var out = new ByteArrayOutputStream();
    out.writeBytes(mask.feed(all, 0, all.length));
    out.writeBytes(mask.finish());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
