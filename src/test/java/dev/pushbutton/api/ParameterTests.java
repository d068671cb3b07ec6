package dev.pushbutton.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerTest;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterTests extends ServerTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$(touch /tmp/pushbutton-pwned)",
        "`touch /tmp/pushbutton-pwned`",
        "a; touch /tmp/pushbutton-pwned",
        "it's \"quoted\" \\ back",
        "two\nlines",
        "../../etc/passwd",
        "{{value}}",
        "$HOME ${PATH} * ?",
        "| cat /etc/passwd &"
      })
  void hostileValuesReachTheProgramAsLiteralArgvAndEnv(String value) {
    String runId = api.start("echo-args", Map.of("value", value));
    awaitState(runId, "succeeded");

    String log = new String(api.log(runId), StandardCharsets.UTF_8);
    assertThat(log)
        .isEqualTo(
            "ARG<literal>\n"
                + "ARG<"
                + value
                + ">\n"
                + "ARG<prefix-"
                + value
                + "-suffix>\n"
                + "ENV<"
                + value
                + ">\n");
    assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/pushbutton-pwned")))
        .isFalse();
  }

  @Test
  void badValuesAreRefusedNamingTheField() {
    assertRefused(Map.of("name", "UPPER"), "name", "'name' is not in the expected form.");
    assertRefused(Map.of("name", "waytoolongname"), "name", "at most 8");
    assertRefused(Map.of(), "name", "required");
    assertRefused(Map.of("name", "ok", "count", 6), "count", "between 1 and 5");
    assertRefused(Map.of("name", "ok", "count", "two"), "count", "whole number");
    assertRefused(Map.of("name", "ok", "count", 1.5), "count", "whole number");
    assertRefused(Map.of("name", "ok", "colour", "blue"), "colour", "one of red, green");
    assertRefused(Map.of("name", "ok", "flag", "maybe"), "flag", "true or false");
    assertRefused(Map.of("name", "ok", "extra", "x"), "extra", "no parameter");
    assertRefused(Map.of("name", "nul\0byte"), "name", "NUL");
    var listValue = new LinkedHashMap<String, Object>();
    listValue.put("name", java.util.List.of("a"));
    assertRefused(listValue, "name", "single value");
  }

  @Test
  void everyBadParameterIsNamedInFieldsWithTheFirstAsField() {
    var params = new LinkedHashMap<String, Object>();
    params.put("extra", "x");
    params.put("name", "UPPER");
    params.put("count", 9);
    params.put("colour", "blue");
    params.put("flag", "true");
    var answer = api.post("/api/jobs/validated/runs", Map.of("params", params));

    assertThat(answer.status()).isEqualTo(400);
    Map<String, Object> body = answer.json();
    assertThat(body)
        .containsEntry("field", "extra")
        .containsEntry("error", "Job 'validated' has no parameter named 'extra'.");
    @SuppressWarnings("unchecked")
    var fields = (Map<String, Object>) body.get("fields");
    assertThat(fields)
        .containsExactly(
            Map.entry("extra", "Job 'validated' has no parameter named 'extra'."),
            Map.entry("name", "'name' is not in the expected form."),
            Map.entry("count", "'count' must be between 1 and 5."),
            Map.entry("colour", "'colour' must be one of red, green."));
    assertThat(api.get("/api/runs?jobId=validated").jsonList())
        .noneMatch(run -> "UPPER".equals(((Map<?, ?>) run.get("params")).get("name")));
  }

  @Test
  void malformedBodiesAreRefusedWithJson() {
    var notJson = api.post("/api/jobs/validated/runs", "{\"params\": ");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json()).containsKey("error");

    var paramsNotObject = api.post("/api/jobs/validated/runs", "{\"params\": [1, 2]}");
    assertThat(paramsNotObject.status()).isEqualTo(400);
    assertThat(paramsNotObject.json()).containsEntry("field", "params");
  }

  /** 1e400 arrives as an infinite double, 99999999999999999999999 as a BigInteger: neither fits. */
  @Test
  void aNumberPastAnyRangeIsRefusedNamingTheParameter() {
    for (String number : List.of("1e400", "-1e400", "99999999999999999999999")) {
      var answer =
          api.post(
              "/api/jobs/validated/runs",
              "{\"params\": {\"name\": \"ok\", \"count\": " + number + "}}");
      assertThat(answer.status()).as(number).isEqualTo(400);
      assertThat(answer.json()).as(number).containsEntry("field", "count");
      assertThat((String) answer.json().get("error")).as(number).contains("too large");
    }
  }

  @Test
  void bodiesOfAnotherShapeOrTypeAreRefusedWithJson() {
    assertRefused(send("POST", "application/json", "[]"), 400, "not an object");
    assertRefused(
        send("POST", "application/x-www-form-urlencoded", "name=ok"), 415, "application/json");
    assertRefused(send("POST", "text/plain", "name=ok"), 415, "application/json");
    assertRefused(send("POST", "nonsense", "name=ok"), 415, "application/json");
    // Tomcat cannot decode %ZZ: the form is refused before anyone could ask its type.
    assertRefused(send("POST", "application/x-www-form-urlencoded", "a=%ZZ"), 400, "%-escape");
    // Spring parses a multipart body before any controller could refuse its type.
    String cutShort = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end";
    assertRefused(send("POST", "multipart/form-data; boundary=b", cutShort), 400, "multipart");
    String tooLarge =
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n"
            + "x".repeat(1_100_000)
            + "\r\n--b--\r\n";
    assertRefused(send("POST", "multipart/form-data; boundary=b", tooLarge), 413, "too large");
    var put = send("PUT", "application/x-www-form-urlencoded", "a=%ZZ");
    assertRefused(put, 405, "does not accept PUT");
    assertThat(put.header("Allow")).isEqualTo("POST");
  }

  @Test
  void aCatalogAskedForInAnotherTypeIsRefusedWithJson() {
    for (String accept : List.of("text/html", "image/png")) {
      var answer =
          api.send(
              HttpRequest.newBuilder(api.uri("/api/jobs")).header("Accept", accept).GET().build());
      assertRefused(answer, 406, "application/json");
      assertThat(answer.contentType()).as(accept).startsWith("application/json");
    }
  }

  private Api.Response send(String method, String contentType, String body) {
    return api.send(
        HttpRequest.newBuilder(api.uri("/api/jobs/validated/runs"))
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static void assertRefused(Api.Response answer, int status, String messagePart) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat((String) answer.json().get("error")).contains(messagePart);
  }

  @Test
  void unknownJobIsNotFound() {
    var answer = api.post("/api/jobs/no-such-job/runs", Map.of());
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat((String) answer.json().get("error")).contains("no-such-job");
    assertThat(api.get("/api/jobs/no-such-job").status()).isEqualTo(404);
  }

  @Test
  void validValuesAreNormalisedAndSecretsNeverShown() {
    String runId =
        api.start(
            "validated",
            Map.of(
                "name", "abc", "count", "3", "colour", "red", "flag", true, "password", "hunter2"));
    awaitState(runId, "succeeded");

    assertThat(new String(api.log(runId), StandardCharsets.UTF_8)).isEqualTo("abc 3 red true\n");
    Map<String, Object> run = api.run(runId);
    assertThat(run.get("params"))
        .isEqualTo(
            Map.of(
                "name", "abc", "count", "3", "colour", "red", "flag", "true", "password", "***"));
    assertThat(api.get("/api/runs?jobId=validated").body()).doesNotContain("hunter2");
  }

  @Test
  void catalogListsJobsWithParameterDefinitions() {
    var jobs = api.get("/api/jobs");
    assertThat(jobs.status()).isEqualTo(200);
    assertThat(jobs.jsonList())
        .extracting(j -> j.get("id"))
        .contains("classic-demo", "validated", "echo-args");

    Map<String, Object> job = api.get("/api/jobs/validated").json();
    @SuppressWarnings("unchecked")
    var params = (java.util.List<Map<String, Object>>) job.get("params");
    assertThat(params)
        .extracting(p -> p.get("name"))
        .containsExactly("name", "count", "colour", "flag", "password");
    assertThat(params.get(0))
        .containsEntry("type", "string")
        .containsEntry("required", true)
        .containsEntry("pattern", "[a-z]+");
    assertThat(params.get(1))
        .containsEntry("type", "integer")
        .containsEntry("min", 1)
        .containsEntry("max", 5)
        .containsEntry("defaultValue", "2");
    assertThat(params.get(2)).containsEntry("choices", java.util.List.of("red", "green"));
    assertThat(job).doesNotContainKey("command");
  }

  private void assertRefused(Map<String, ?> params, String field, String messagePart) {
    var answer = api.post("/api/jobs/validated/runs", Map.of("params", params));
    assertThat(answer.status()).as(params.toString()).isEqualTo(400);
    assertThat(answer.json()).containsEntry("field", field);
    assertThat(answer.json().get("fields")).isEqualTo(Map.of(field, answer.json().get("error")));
    assertThat((String) answer.json().get("error")).contains(messagePart);
  }
}
