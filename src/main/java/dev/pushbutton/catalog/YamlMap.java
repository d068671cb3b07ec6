package dev.pushbutton.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Typed reading of one YAML mapping that remembers where each value stood, so every complaint about
 * the catalog can name its line. SnakeYAML's node tree is used instead of data binding for exactly
 * that reason.
 */
final class YamlMap {
  private final String source;
  private final String jobId;
  private final Node node;
  private final Map<String, Node> entries = new LinkedHashMap<>();

  YamlMap(String source, String jobId, Node node, String what) {
    this.source = source;
    this.jobId = jobId;
    this.node = node;
    if (!(node instanceof MappingNode mapping)) {
      throw error(node, what + " must be a mapping of keys to values.");
    }
    for (var tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        throw error(tuple.getKeyNode(), "keys must be plain words.");
      }
      if (entries.put(key.getValue(), tuple.getValueNode()) != null) {
        throw error(key, "'" + key.getValue() + "' is given twice.");
      }
    }
  }

  YamlMap forJob(String id) {
    return new YamlMap(source, id, node, "a job");
  }

  int line() {
    return node.getStartMark().getLine() + 1;
  }

  boolean has(String key) {
    return entries.containsKey(key) && !isNull(entries.get(key));
  }

  void allowOnly(Set<String> known, String what) {
    for (var entry : entries.entrySet()) {
      if (!known.contains(entry.getKey())) {
        throw error(
            entry.getValue(),
            "unknown key '"
                + entry.getKey()
                + "' in "
                + what
                + " (known keys: "
                + String.join(", ", known)
                + ").");
      }
    }
  }

  String string(String key, String fallback) {
    if (!has(key)) {
      return fallback;
    }
    return scalar(key, entries.get(key));
  }

  String requiredString(String key) {
    String value = string(key, null);
    if (value == null || value.isBlank()) {
      throw error(node, "'" + key + "' is required.");
    }
    return value;
  }

  boolean bool(String key, boolean fallback) {
    String text = string(key, null);
    if (text == null) {
      return fallback;
    }
    return switch (text) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default ->
          throw error(entries.get(key), "'" + key + "' must be true or false, not '" + text + "'.");
    };
  }

  Long integer(String key) {
    String text = string(key, null);
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw error(entries.get(key), "'" + key + "' must be a whole number, not '" + text + "'.");
    }
  }

  List<String> strings(String key) {
    if (!has(key)) {
      return List.of();
    }
    Node value = entries.get(key);
    if (!(value instanceof SequenceNode sequence)) {
      throw error(value, "'" + key + "' must be a list.");
    }
    var items = new ArrayList<String>();
    for (Node item : sequence.getValue()) {
      items.add(scalar(key, item));
    }
    return items;
  }

  Map<String, String> stringMap(String key) {
    if (!has(key)) {
      return Map.of();
    }
    var map = map(key, "'" + key + "'");
    var values = new LinkedHashMap<String, String>();
    map.entries.forEach((name, value) -> values.put(name, map.scalar(name, value)));
    return values;
  }

  /** The mapping under {@code key}, which must be present. */
  YamlMap map(String key, String what) {
    return new YamlMap(source, jobId, entries.get(key), what);
  }

  List<YamlMap> maps(String key, String what) {
    if (!has(key)) {
      return List.of();
    }
    Node value = entries.get(key);
    if (!(value instanceof SequenceNode sequence)) {
      throw error(value, "'" + key + "' must be a list.");
    }
    return sequence.getValue().stream()
        .map(item -> new YamlMap(source, jobId, item, what))
        .toList();
  }

  InvalidCatalogException error(String key, String problem) {
    return error(entries.getOrDefault(key, node), problem);
  }

  InvalidCatalogException error(Node at, String problem) {
    return new InvalidCatalogException(source, at.getStartMark().getLine() + 1, jobId, problem);
  }

  private String scalar(String key, Node value) {
    if (!(value instanceof ScalarNode scalar)) {
      throw error(value, "'" + key + "' must be a single value.");
    }
    return scalar.getValue();
  }

  private static boolean isNull(Node value) {
    return value instanceof ScalarNode scalar && scalar.getTag().getValue().endsWith(":null");
  }
}
