package dev.pushbutton.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterBinderTests {
  private final Job job =
      CatalogLoader.parse(
              "test.yml",
              new StringReader(
                  """
                  jobs:
                    - id: j
                      command: [x]
                      params:
                        - {name: s, type: string, min-length: 2}
                        - {name: n, type: integer, min: -5, max: 5, default: '0'}
                        - {name: b, type: boolean}
                        - {name: c, type: choice, choices: [a, b], required: true}
                        - {name: p, type: secret}
                  """),
              null)
          .job("j")
          .orElseThrow();

  @Test
  void appliesDefaultsAndNormalisesValues() {
    BoundParameters bound =
        ParameterBinder.bind(job, Map.of("c", "a", "n", "+3", "b", true, "p", "pass"));
    assertThat(bound.values())
        .containsExactly(
            Map.entry("s", ""),
            Map.entry("n", "3"),
            Map.entry("b", "true"),
            Map.entry("c", "a"),
            Map.entry("p", "pass"));
    assertThat(bound.masked()).containsEntry("p", "***").containsEntry("n", "3");
    assertThat(bound.secrets()).containsExactly(Map.entry("p", "pass"));
    assertThat(bound.hide("cannot run 'pass': passed")).isEqualTo("cannot run '***': ***ed");
  }

  @Test
  void aSecretLeftEmptyIsNoSecretToKeepOrHide() {
    BoundParameters bound = ParameterBinder.bind(job, Map.of("c", "a"));
    assertThat(bound.masked()).containsEntry("p", "");
    assertThat(bound.secrets()).isEmpty();
  }

  /** Masking a secret of one to three characters in a job's output would garble it. */
  @Test
  void aSecretShorterThanFourCharactersIsRefused() {
    assertThatThrownBy(() -> ParameterBinder.bind(job, Map.of("c", "a", "p", "pw1")))
        .isInstanceOfSatisfying(
            InvalidParameterException.class,
            e -> {
              assertThat(e.field()).isEqualTo("p");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "'p' must be at least 4 characters long: a shorter secret cannot be hidden in"
                          + " the job's output.");
            });
    assertThat(ParameterBinder.bind(job, Map.of("c", "a", "p", "pw12")).values())
        .containsEntry("p", "pw12");
    // An absent optional secret is still simply empty.
    assertThat(ParameterBinder.bind(job, Map.of("c", "a")).values()).containsEntry("p", "");
  }

  @Test
  void absentOptionalBooleanIsFalseAndIntegerTakesItsDefault() {
    BoundParameters bound = ParameterBinder.bind(job, Map.of("c", "b"));
    assertThat(bound.values()).containsEntry("b", "false").containsEntry("n", "0");
  }

  @Test
  void refusesWhatDoesNotFit() {
    assertField(Map.of("c", "z"), "c");
    assertField(Map.of(), "c");
    assertField(Map.of("c", "a", "s", "x"), "s");
    assertField(Map.of("c", "a", "n", 6), "n");
    assertField(Map.of("c", "a", "n", "1e3"), "n");
    assertField(Map.of("c", "a", "n", 99999999999999999999.0), "n");
    assertField(Map.of("c", "a", "b", "yes"), "b");
    assertField(Map.of("c", "a", "zzz", "1"), "zzz");
  }

  @Test
  void namesEveryBadParameterAtOnceWithTheFirstAsTheField() {
    assertThatThrownBy(
            () -> ParameterBinder.bind(job, Map.of("zzz", "1", "s", "x", "n", "9", "b", "maybe")))
        .isInstanceOfSatisfying(
            InvalidParameterException.class,
            e -> {
              // unknown names first, then the declared parameters in the catalog's order
              assertThat(e.problems())
                  .containsExactly(
                      Map.entry("zzz", "Job 'j' has no parameter named 'zzz'."),
                      Map.entry("s", "'s' must be at least 2 characters long."),
                      Map.entry("n", "'n' must be between -5 and 5."),
                      Map.entry("b", "'b' must be true or false."),
                      Map.entry("c", "'c' is required."));
              assertThat(e.field()).isEqualTo("zzz");
              assertThat(e.getMessage()).isEqualTo("Job 'j' has no parameter named 'zzz'.");
            });
  }

  @Test
  void aPatternMismatchIsSaidInWordsNeverAsTheExpression() {
    Job patterned =
        CatalogLoader.parse(
                "test.yml",
                new StringReader(
                    """
                    jobs:
                      - id: p
                        command: [x]
                        params:
                          - name: told
                            label: Name
                            pattern: '[A-Za-z][A-Za-z .-]*'
                            pattern-message: Letters, spaces, dots and dashes only
                            help: Who to greet.
                          - {name: helped, pattern: '[a-z]+', help: Small letters only.}
                          - {name: bare, label: Code, pattern: '[0-9]{3}'}
                    """),
                null)
            .job("p")
            .orElseThrow();
    assertThatThrownBy(() ->
            ParameterBinder.bind(patterned, Map.of("told", "1abc", "helped", "ABC", "bare", "12")))
        .isInstanceOfSatisfying(
            InvalidParameterException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        Map.entry(
                            "told",
                            "'Name' is not in the expected form. Letters, spaces, dots and dashes"
                                + " only."),
                        Map.entry(
                            "helped", "'helped' is not in the expected form. Small letters only."),
                        Map.entry("bare", "'Code' is not in the expected form.")));
  }

  /** A JSON number past a double's range (1e400) reaches the binder as an infinity. */
  @Test
  void refusesNumbersPastAnyRangeNamingTheParameter() {
    for (Object huge :
        List.of(
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Float.POSITIVE_INFINITY,
            new BigInteger("99999999999999999999999"),
            new BigDecimal("1E+400"))) {
      assertThatThrownBy(() -> ParameterBinder.bind(job, Map.of("c", "a", "n", huge)))
          .as(huge.toString())
          .isInstanceOfSatisfying(
              InvalidParameterException.class,
              e -> {
                assertThat(e.field()).isEqualTo("n");
                assertThat(e.getMessage()).contains("too large");
              });
    }
    assertField(Map.of("c", "a", "n", Double.NaN), "n");
  }

  private void assertField(Map<String, ?> given, String field) {
    assertThatThrownBy(() -> ParameterBinder.bind(job, given))
        .isInstanceOfSatisfying(
            InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
