package dev.pushbutton.web;

/**
 * How a finished run ended, in one sentence for people who have never read an exit code, with an
 * icon and a kind the page styles; {@code detail} is the small print for engineers.
 *
 * @param kind {@code succeeded}, {@code failed}, {@code stopped}, {@code timed-out}, {@code
 *     not-started}, {@code lost} or {@code rejected}
 */
record Outcome(String kind, String icon, String sentence, String detail) {
  boolean good() {
    return "succeeded".equals(kind);
  }
}
