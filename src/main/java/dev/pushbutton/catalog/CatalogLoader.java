package dev.pushbutton.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and checks a catalog file; anything wrong stops with a message naming file, line and job.
 */
public final class CatalogLoader {
  /** The catalog bundled in the jar, used when no file is configured. */
  public static final String DEMO_RESOURCE = "catalog/demo.yml";

  private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private static final Set<String> JOB_KEYS =
      Set.of(
          "id",
          "name",
          "description",
          "group",
          "command",
          "params",
          "env",
          "workdir",
          "timeout",
          "concurrency",
          "max-parallel",
          "kill-grace",
          "tty",
          "confirm",
          "allow",
          "reason",
          "approval");
  private static final Set<String> PARAM_KEYS =
      Set.of(
          "name",
          "label",
          "type",
          "required",
          "default",
          "help",
          "pattern",
          "pattern-message",
          "min-length",
          "max-length",
          "min",
          "max",
          "choices");
  private static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);
  private static final int MAX_GROUP_LENGTH = 200;
  private static final int MAX_APPROVALS = 100;

  private CatalogLoader() {}

  public static Catalog load(Path file) {
    String source = file.toAbsolutePath().toString();
    if (!Files.isRegularFile(file)) {
      throw new InvalidCatalogException(
          source, 0, null, "the file does not exist or is not a regular file.");
    }
    try {
      return parseBytes(source, Files.readAllBytes(file), file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new InvalidCatalogException(source, 0, null, "cannot be read: " + e.getMessage());
    }
  }

  public static Catalog loadDemo() {
    try (InputStream in = CatalogLoader.class.getClassLoader().getResourceAsStream(DEMO_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the bundled demo catalog is missing from the jar");
      }
      return parseBytes("classpath:" + DEMO_RESOURCE, in.readAllBytes(), null);
    } catch (IOException e) {
      throw new IllegalStateException("the bundled demo catalog cannot be read", e);
    }
  }

  /**
   * Parses the bytes as read, and keeps their SHA-256 with the catalog: what the audit trail says
   * the server ran is what it parsed, with no second read of a file that may have changed since.
   *
   * @throws IOException when the bytes are not UTF-8
   */
  private static Catalog parseBytes(String source, byte[] bytes, Path baseDir) throws IOException {
    String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    return parse(source, new StringReader(text), baseDir).checksummed(sha256(bytes));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * @param baseDir what a relative {@code workdir} is resolved against; null for the process's own
   */
  static Catalog parse(String source, Reader reader, Path baseDir) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(reader);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new InvalidCatalogException(source, line, null, "not valid YAML: " + e.getProblem());
    }
    if (root == null) {
      throw new InvalidCatalogException(
          source, 1, null, "the file is empty; it needs a 'jobs:' list.");
    }
    var top = new YamlMap(source, null, root, "the catalog");
    top.allowOnly(Set.of("jobs"), "the catalog");
    if (!top.has("jobs")) {
      throw top.error(root, "it needs a 'jobs:' list.");
    }
    var jobs = new ArrayList<Job>();
    var ids = new HashSet<String>();
    for (YamlMap entry : top.maps("jobs", "a job")) {
      Job job = job(entry, baseDir);
      if (!ids.add(job.id())) {
        throw entry
            .forJob(job.id())
            .error("id", "another job already has the id '" + job.id() + "'.");
      }
      jobs.add(job);
    }
    return new Catalog(source, jobs);
  }

  private static Job job(YamlMap raw, Path baseDir) {
    String id = raw.requiredString("id");
    YamlMap map = raw.forJob(id);
    if (!SLUG.matcher(id).matches()) {
      throw map.error(
          "id", "the id must be lower-case letters, digits and single dashes (a slug).");
    }
    map.allowOnly(JOB_KEYS, "a job");
    List<String> command = map.strings("command");
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw map.error("command", "'command' is required: a list of argv strings, program first.");
    }
    var params = new ArrayList<ParamSpec>();
    for (YamlMap paramMap : map.maps("params", "a parameter")) {
      ParamSpec spec = ParamSpecReader.read(paramMap);
      if (params.stream().anyMatch(p -> p.name().equals(spec.name()))) {
        throw paramMap.error(
            "name", "another parameter already has the name '" + spec.name() + "'.");
      }
      params.add(spec);
    }
    for (String name : CommandTemplate.placeholders(command)) {
      if (params.stream().noneMatch(p -> p.name().equals(name))) {
        throw map.error(
            "command", "the command uses {{" + name + "}} but no parameter has that name.");
      }
    }
    long maxParallel = map.integer("max-parallel") == null ? 0 : map.integer("max-parallel");
    if (maxParallel < 0 || maxParallel > 10_000) {
      throw map.error("max-parallel", "'max-parallel' must be between 0 (no limit) and 10000.");
    }
    Concurrency concurrency = concurrency(map);
    if (maxParallel > 0 && concurrency != Concurrency.PARALLEL) {
      throw map.error(
          "max-parallel",
          "'max-parallel' applies only to parallel jobs; a "
              + concurrency.yamlName()
              + " job runs one at a time.");
    }
    return new Job(
        id,
        map.string("name", id),
        map.string("description", ""),
        map.string("group", null),
        command,
        params,
        map.stringMap("env"),
        workdir(map, baseDir),
        duration(map, "timeout", null),
        concurrency,
        (int) maxParallel,
        duration(map, "kill-grace", DEFAULT_KILL_GRACE),
        map.bool("tty", false),
        map.string("confirm", null),
        allow(map),
        reason(map, params),
        approval(map));
  }

  private static JobApproval approval(YamlMap map) {
    if (!map.has("approval")) {
      return null;
    }
    YamlMap approval = map.map("approval", "'approval'");
    approval.allowOnly(Set.of("groups", "count", "timeout"), "'approval'");
    List<String> groups =
        new ArrayList<>(new LinkedHashSet<>(names(approval, "groups", "approval")));
    if (groups.isEmpty()) {
      throw approval.error(
          approval.has("groups") ? "groups" : null,
          "'approval.groups' must name at least one group whose members may approve.");
    }
    Long count = approval.integer("count");
    if (count != null && (count < 1 || count > MAX_APPROVALS)) {
      throw approval.error(
          "count",
          "'approval.count' must be between 1 and " + MAX_APPROVALS + ", not " + count + ".");
    }
    return new JobApproval(
        groups,
        count == null ? JobApproval.DEFAULT_COUNT : count.intValue(),
        duration(approval, "timeout", JobApproval.DEFAULT_TIMEOUT, "approval.timeout"));
  }

  private static ReasonPolicy reason(YamlMap map, List<ParamSpec> params) {
    String text = map.string("reason", null);
    ReasonPolicy policy =
        switch (text) {
          case null -> ReasonPolicy.NONE;
          case "required" -> ReasonPolicy.REQUIRED;
          case "optional" -> ReasonPolicy.OPTIONAL;
          default ->
              throw map.error(
                  "reason",
                  "'reason' must be required or optional (leave it out to ask for none), not '"
                      + text
                      + "'.");
        };
    if (policy.asks() && params.stream().anyMatch(p -> p.name().equals(ReasonPolicy.FIELD))) {
      // The run's reason is refused as the field 'reason': a parameter of that name would be
      // mistaken for it in every refusal.
      throw map.error(
          "reason",
          "a job that asks for a reason cannot have a parameter named 'reason'; rename the"
              + " parameter.");
    }
    return policy;
  }

  private static JobAllow allow(YamlMap map) {
    if (!map.has("allow")) {
      return null;
    }
    YamlMap allow = map.map("allow", "'allow'");
    allow.allowOnly(Set.of("view", "run"), "'allow'");
    return new JobAllow(
        new HashSet<>(names(allow, "view", "allow")), new HashSet<>(names(allow, "run", "allow")));
  }

  /** The group names listed under {@code key} of the mapping {@code parent}, in its order. */
  private static List<String> names(YamlMap map, String key, String parent) {
    var groups = new ArrayList<String>();
    for (String group : map.strings(key)) {
      if (group.isBlank()
          || group.length() > MAX_GROUP_LENGTH
          || group.chars().anyMatch(Character::isISOControl)) {
        throw map.error(
            key,
            "a group in '"
                + parent
                + "."
                + key
                + "' must be a name of 1 to "
                + MAX_GROUP_LENGTH
                + " characters, not '"
                + group
                + "'.");
      }
      groups.add(group);
    }
    return groups;
  }

  private static Path workdir(YamlMap map, Path baseDir) {
    String text = map.string("workdir", null);
    if (text == null) {
      return null;
    }
    Path path = Path.of(text);
    return baseDir == null || path.isAbsolute() ? path : baseDir.resolve(path).normalize();
  }

  private static Duration duration(YamlMap map, String key, Duration fallback) {
    return duration(map, key, fallback, key);
  }

  /** {@code name} is how the complaint names the key: {@code approval.timeout}. */
  private static Duration duration(YamlMap map, String key, Duration fallback, String name) {
    String text = map.string(key, null);
    if (text == null) {
      return fallback;
    }
    Duration value = DurationText.parse(text);
    if (value == null || value.isZero()) {
      throw map.error(
          key, "'" + name + "' must be a duration such as 30s, 10m or 2h, not '" + text + "'.");
    }
    return value;
  }

  private static Concurrency concurrency(YamlMap map) {
    String text = map.string("concurrency", "parallel");
    for (Concurrency value : Concurrency.values()) {
      if (value.yamlName().equals(text)) {
        return value;
      }
    }
    throw map.error(
        "concurrency", "'concurrency' must be parallel, single or queue, not '" + text + "'.");
  }

  static Pattern paramNamePattern() {
    return PARAM_NAME;
  }

  static Set<String> paramKeys() {
    return PARAM_KEYS;
  }
}
