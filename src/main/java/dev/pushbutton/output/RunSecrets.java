package dev.pushbutton.output;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A run's secret parameter values, kept in its directory (readable by the server's user only) from
 * the moment the run is asked for until its output is all stored.
 *
 * <p>The database never holds them. This file is what lets a server that restarts go on masking a
 * running job's output, and start a waiting run with the values it was given. Once the run has
 * ended and its output is stored masked, the file goes, together with the unmasked source files the
 * process wrote: nothing of the secrets stays on disk.
 */
final class RunSecrets {
  static final String FILE = "secrets";

  private RunSecrets() {}

  /** The name of the file the process writes a stream to while its output is being masked. */
  static String sourceName(StdStream stream) {
    return stream.fileName() + ".unmasked";
  }

  static void write(Path dir, Map<String, String> secrets) {
    var properties = new Properties();
    properties.putAll(secrets);
    Path file = dir.resolve(FILE);
    Path partial = dir.resolve(FILE + ".partial");
    try {
      OutputLog.createPrivateDirectory(dir);
      Files.deleteIfExists(partial);
      OutputLog.createPrivate(partial);
      try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        properties.store(out, null);
      }
      Files.move(
          partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw OutputStorageException.of("keeping the run's secret values in", file, e);
    }
  }

  /** The values kept in {@code dir}, by parameter name; empty when none are. */
  static Map<String, String> read(Path dir) {
    var properties = new Properties();
    try (Reader in = Files.newBufferedReader(dir.resolve(FILE), StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw OutputStorageException.of("reading the run's secret values in", dir.resolve(FILE), e);
    }
    var values = new LinkedHashMap<String, String>();
    for (String name : new TreeSet<>(properties.stringPropertyNames())) {
      values.put(name, properties.getProperty(name));
    }
    return values;
  }

  /** Deletes the secret values and the unmasked output: the run's output is all stored masked. */
  static void forget(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(FILE));
      for (StdStream stream : StdStream.values()) {
        Files.deleteIfExists(dir.resolve(sourceName(stream)));
      }
      if (Files.isDirectory(dir)) {
        try (var left = Files.list(dir)) {
          if (left.findAny().isEmpty()) {
            Files.delete(dir); // a run that never started: as if nothing had been kept
          }
        }
      }
    } catch (IOException e) {
      throw OutputStorageException.of("deleting the run's secret values in", dir, e);
    }
  }
}
