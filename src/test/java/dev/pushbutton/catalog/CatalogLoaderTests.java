package dev.pushbutton.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTests {

  @Test
  void demoCatalogHasTheJobsTheReadmePromises() {
    Catalog demo = CatalogLoader.loadDemo();
    assertThat(demo.jobs())
        .extracting(Job::id)
        .contains(
            "classic-demo",
            "greet",
            "colours",
            "failing",
            "long-job",
            "nightly-report",
            "terminal",
            "deploy-web",
            "rotate-keys",
            "flush-cache",
            "deploy-production");
    assertThat(demo.job("flush-cache").orElseThrow().reason()).isEqualTo(ReasonPolicy.REQUIRED);
    assertThat(demo.job("deploy-production").orElseThrow().approval())
        .isEqualTo(new JobApproval(List.of("ops-leads"), 1, Duration.ofHours(24)));
    assertThat(demo.job("deploy-web").orElseThrow().allow())
        .isEqualTo(new JobAllow(java.util.Set.of("support"), java.util.Set.of("ops")));
    assertThat(demo.job("rotate-keys").orElseThrow().allow().run()).containsExactly("security");
    assertThat(demo.job("greet").orElseThrow().params())
        .extracting(ParamSpec::type)
        .contains(
            ParamType.STRING,
            ParamType.INTEGER,
            ParamType.CHOICE,
            ParamType.BOOLEAN,
            ParamType.TEXT,
            ParamType.SECRET);
  }

  @Test
  void readsEveryJobSetting(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("catalog.yml");
    Files.writeString(
        file,
        """
        jobs:
          - id: deploy
            name: Deploy
            description: Ships it
            group: Production
            command: [./deploy.sh, '--env={{env}}']
            env: {REGION: eu}
            workdir: scripts
            timeout: 1h30m
            concurrency: queue
            kill-grace: 500ms
            tty: true
            confirm: Deploy to production?
            params:
              - name: env
                type: choice
                choices: [staging, prod]
                default: staging
        """);
    Job job = CatalogLoader.load(file).job("deploy").orElseThrow();

    assertThat(job.command()).containsExactly("./deploy.sh", "--env={{env}}");
    assertThat(job.env()).containsEntry("REGION", "eu");
    assertThat(job.workdir()).isEqualTo(dir.resolve("scripts"));
    assertThat(job.timeout()).isEqualTo(Duration.ofMinutes(90));
    assertThat(job.concurrency()).isEqualTo(Concurrency.QUEUE);
    assertThat(job.killGrace()).isEqualTo(Duration.ofMillis(500));
    assertThat(job.tty()).isTrue();
    assertThat(job.confirm()).isEqualTo("Deploy to production?");
    assertThat(job.param("env").orElseThrow().defaultValue()).isEqualTo("staging");
  }

  @Test
  void defaultsAreSensible() {
    Job job = parse("jobs:\n  - id: a\n    command: [true]\n").job("a").orElseThrow();
    assertThat(job.name()).isEqualTo("a");
    assertThat(job.concurrency()).isEqualTo(Concurrency.PARALLEL);
    assertThat(job.killGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(job.timeout()).isNull();
    assertThat(job.tty()).isFalse();
  }

  @Test
  void errorsNameTheFileTheLineTheJobAndTheProblem() {
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    timeout: 10x\n", "line 4", "job 'a'", "timeout");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    concurency: single\n",
        "line 4",
        "unknown key 'concurency'");
    assertProblem("jobs:\n  - id: a\n    command: [x, '{{who}}']\n", "job 'a'", "{{who}}");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n  - id: a\n    command: [y]\n",
        "line 4",
        "already has the id");
    assertProblem("jobs:\n  - id: Bad_Id\n    command: [x]\n", "slug");
    assertProblem("jobs:\n  - id: a\n", "'command' is required");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    params:\n      - name: n\n        type: integer\n        max: 3\n        default: '9'\n",
        "line 8",
        "default");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    params:\n      - name: n\n        pattern: '[a-'\n",
        "line 6",
        "regular expression");
    assertProblem("jobs:\n  - id: a\n    command: [x\n", "not valid YAML");
    assertProblem("", "empty");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    concurrency: single\n    max-parallel: 3\n",
        "line 5",
        "only to parallel jobs");
  }

  @Test
  void patternMessageSaysInWordsWhatThePatternAllows() {
    ParamSpec spec =
        parse(
                "jobs:\n  - id: a\n    command: [x]\n    params:\n      - name: n\n"
                    + "        pattern: '[a-z]+'\n        pattern-message: ' Small letters only. '\n")
            .job("a")
            .orElseThrow()
            .params()
            .getFirst();
    assertThat(spec.patternMessage()).isEqualTo("Small letters only.");

    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    params:\n      - name: n\n"
            + "        pattern-message: Small letters only.\n",
        "line 6",
        "'pattern-message' describes a 'pattern', but none is given");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    params:\n      - name: n\n"
            + "        pattern: '[a-z]+'\n        pattern-message: ' '\n",
        "line 7",
        "must say in words");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    params:\n      - name: n\n"
            + "        pattern: '[a-z]+'\n        pattern-message: [a, b]\n",
        "line 7",
        "single value");
  }

  @Test
  void allowNamesTheGroupsThatMaySeeAndRun() {
    Catalog catalog =
        parse(
            "jobs:\n  - id: a\n    command: [x]\n    allow:\n      view: [support, audit]\n"
                + "      run: [ops]\n  - id: b\n    command: [x]\n    allow: {run: [ops]}\n"
                + "  - id: c\n    command: [x]\n");
    assertThat(catalog.job("a").orElseThrow().allow())
        .isEqualTo(new JobAllow(java.util.Set.of("support", "audit"), java.util.Set.of("ops")));
    assertThat(catalog.job("b").orElseThrow().allow())
        .isEqualTo(new JobAllow(java.util.Set.of(), java.util.Set.of("ops")));
    assertThat(catalog.job("c").orElseThrow().allow()).as("no allow: everyone sees it").isNull();
  }

  @Test
  void aMistakeInAllowIsReportedWithItsLine() {
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    allow:\n      execute: [ops]\n",
        "line 5",
        "unknown key 'execute'");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    allow:\n      run: ops\n",
        "line 5",
        "must be a list");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    allow:\n      view: ['  ']\n",
        "line 5",
        "a group in 'allow.view'");
    assertProblem("jobs:\n  - id: a\n    command: [x]\n    allow: [ops]\n", "line 4", "mapping");
  }

  @Test
  void aJobMayRequireOrAskForAReason() {
    Catalog catalog =
        parse(
            "jobs:\n  - id: a\n    command: [x]\n    reason: required\n"
                + "  - id: b\n    command: [x]\n    reason: optional\n"
                + "  - id: c\n    command: [x]\n");
    assertThat(catalog.job("a").orElseThrow().reason()).isEqualTo(ReasonPolicy.REQUIRED);
    assertThat(catalog.job("b").orElseThrow().reason()).isEqualTo(ReasonPolicy.OPTIONAL);
    assertThat(catalog.job("c").orElseThrow().reason()).isEqualTo(ReasonPolicy.NONE);

    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    reason: always\n",
        "line 4",
        "job 'a'",
        "'reason' must be required or optional (leave it out to ask for none), not 'always'");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    reason: [required]\n", "line 4", "single value");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x, '{{reason}}']\n    reason: optional\n"
            + "    params:\n      - name: reason\n",
        "line 4",
        "cannot have a parameter named 'reason'");
  }

  @Test
  void approvalNamesItsGroupsWithACountAndATimeoutByDefault() {
    Catalog catalog =
        parse(
            "jobs:\n  - id: a\n    command: [x]\n    approval: {groups: [ops-leads]}\n"
                + "  - id: b\n    command: [x]\n    approval:\n      groups: [leads, security]\n"
                + "      count: 2\n      timeout: 1h30m\n"
                + "  - id: c\n    command: [x]\n");
    assertThat(catalog.job("a").orElseThrow().approval())
        .isEqualTo(new JobApproval(List.of("ops-leads"), 1, Duration.ofHours(24)));
    assertThat(catalog.job("b").orElseThrow().approval())
        .isEqualTo(new JobApproval(List.of("leads", "security"), 2, Duration.ofMinutes(90)));
    assertThat(catalog.job("c").orElseThrow().approval()).isNull();
  }

  @Test
  void aMistakeInApprovalIsReportedWithItsLine() {
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    approval:\n      groups: []\n",
        "line 5",
        "job 'a'",
        "'approval.groups' must name at least one group");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    approval: {count: 1}\n",
        "line 4",
        "'approval.groups' must name at least one group");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    approval:\n      groups: [leads]\n"
            + "      count: 0\n",
        "line 6",
        "'approval.count' must be between 1 and 100, not 0");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    approval:\n      groups: [leads]\n"
            + "      count: two\n",
        "line 6",
        "whole number");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    approval:\n      groups: [leads]\n"
            + "      timeout: tomorrow\n",
        "line 6",
        "'approval.timeout' must be a duration such as 30s, 10m or 2h, not 'tomorrow'");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    approval:\n      groups: [leads]\n"
            + "      approvers: [bob]\n",
        "line 6",
        "unknown key 'approvers' in 'approval'");
    assertProblem(
        "jobs:\n  - id: a\n    command: [x]\n    approval:\n      groups: ['']\n",
        "line 5",
        "a group in 'approval.groups'");
    assertProblem("jobs:\n  - id: a\n    command: [x]\n    approval: yes\n", "line 4", "mapping");
  }

  @Test
  void aReasonIsKeptWithoutItsBlanksAndRefusedWhenMissingOrTooLong() {
    assertThat(ReasonPolicy.NONE.check(null)).isNull();
    assertThat(ReasonPolicy.OPTIONAL.check("  ")).isNull();
    assertThat(ReasonPolicy.NONE.check(" kept anyway ")).isEqualTo("kept anyway");
    assertThatThrownBy(() -> ReasonPolicy.REQUIRED.check(" \n"))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessage("Please say why you are running this.");
    assertThat(ReasonPolicy.REQUIRED.check("😀".repeat(500))).hasSize(1000); // 500 characters
    assertThatThrownBy(() -> ReasonPolicy.OPTIONAL.check("😀".repeat(501)))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessage("The reason must be at most 500 characters long.")
        .extracting(e -> ((InvalidParameterException) e).field())
        .isEqualTo("reason");
  }

  @Test
  void missingFileIsReported(@TempDir Path dir) {
    assertThatThrownBy(() -> CatalogLoader.load(dir.resolve("nope.yml")))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("nope.yml")
        .hasMessageContaining("does not exist");
  }

  @Test
  void placeholdersAreFilledInsideTheirOwnElementOnly() {
    List<String> argv =
        CommandTemplate.render(
            List.of("echo", "{{a}}", "x-{{ a }}-{{b}}"),
            java.util.Map.of("a", "1 2; $(rm)", "b", ""));
    assertThat(argv).containsExactly("echo", "1 2; $(rm)", "x-1 2; $(rm)-");
  }

  private static Catalog parse(String yaml) {
    return CatalogLoader.parse("test.yml", new StringReader(yaml), null);
  }

  private static void assertProblem(String yaml, String... parts) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidCatalogException.class)
        .message()
        .startsWith("Invalid catalog test.yml")
        .contains(parts);
  }
}
