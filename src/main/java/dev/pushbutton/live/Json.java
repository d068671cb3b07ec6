package dev.pushbutton.live;

/**
 * JSON string escaping for the output events (RFC 8259): quotes, backslashes and control
 * characters.
 */
final class Json {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Json() {}

  static void string(StringBuilder into, String text) {
    into.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> into.append("\\\"");
        case '\\' -> into.append("\\\\");
        case '\n' -> into.append("\\n");
        case '\r' -> into.append("\\r");
        case '\t' -> into.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            into.append("\\u");
            for (int shift = 12; shift >= 0; shift -= 4) {
              into.append(HEX[(c >> shift) & 0xF]);
            }
          } else {
            into.append(c);
          }
        }
      }
    }
    into.append('"');
  }
}
