package dev.pushbutton.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
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
        ParameterBinder.bind(job, Map.of("c", "a", "n", "+3", "b", true, "p", "pw"));
    assertThat(bound.values())
        .containsExactly(
            Map.entry("s", ""),
            Map.entry("n", "3"),
            Map.entry("b", "true"),
            Map.entry("c", "a"),
            Map.entry("p", "pw"));
    assertThat(bound.masked()).containsEntry("p", "***").containsEntry("n", "3");
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

  private void assertField(Map<String, ?> given, String field) {
    assertThatThrownBy(() -> ParameterBinder.bind(job, given))
        .isInstanceOfSatisfying(
            InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
