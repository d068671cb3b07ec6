package dev.pushbutton.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The throttle's arithmetic, on a clock the test moves: five free failures, then 30 s doubling. */
class SignInThrottleTests {
  private Instant now = Instant.parse("2026-12-01T10:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final SignInThrottle throttle = new SignInThrottle(new InMemoryFailures(), clock);

  @Test
  void locksAfterFiveFailuresForThirtySecondsThenTwiceAsLongEachTimeUpToFifteenMinutes() {
    for (int i = 1; i <= 4; i++) {
      assertThat(throttle.attempt("ada").refusal()).isEmpty();
      throttle.attempt("ada").failed();
    }
    assertThat(throttle.attempt("ada").refusal()).isEmpty();
    throttle.attempt("ada").failed(); // the fifth
    assertThat(throttle.attempt("ADA ").refusal()).contains(Duration.ofSeconds(30));

    Duration expected = Duration.ofSeconds(30);
    for (int failure = 6; failure <= 12; failure++) {
      now = now.plus(throttle.attempt("ada").refusal().orElseThrow());
      assertThat(throttle.attempt("ada").refusal()).isEmpty();
      throttle.attempt("ada").failed();
      expected = expected.multipliedBy(2);
      Duration capped =
          expected.compareTo(Duration.ofMinutes(15)) > 0 ? Duration.ofMinutes(15) : expected;
      assertThat(throttle.attempt("ada").refusal()).as("after failure " + failure).contains(capped);
    }
  }

  @Test
  void aSuccessStartsTheCountAfresh() {
    for (int i = 0; i < 4; i++) {
      throttle.attempt("bob").failed();
    }
    throttle.attempt("bob").succeeded();
    throttle.attempt("bob").failed();
    assertThat(throttle.attempt("bob").refusal()).isEmpty();
  }

  /** The store, in a map: the contract tests check the real ones. */
  private static final class InMemoryFailures implements SignInFailures {
    private final Map<String, Failures> byName = new HashMap<>();

    @Override
    public Optional<Failures> find(String username) {
      return Optional.ofNullable(byName.get(username));
    }

    @Override
    public int recordFailure(String username, Instant at) {
      Failures before = byName.get(username);
      var after =
          new Failures(
              before == null ? 1 : before.count() + 1,
              before == null ? null : before.lockedUntil());
      byName.put(username, after);
      return after.count();
    }

    @Override
    public void lock(String username, Instant until) {
      byName.put(username, new Failures(byName.get(username).count(), until));
    }

    @Override
    public void clear(String username) {
      byName.remove(username);
    }

    @Override
    public void forgetOlderThan(Instant before, Instant now) {
      // nothing old here
    }
  }
}
