package dev.pushbutton.system;

import dev.pushbutton.catalog.CatalogLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of the catalog's file, for the audit trail: which catalog a server ran can be told
 * later from the file alone. It is read again just after loading; a file changed in that instant
 * would show as a different checksum at the next start.
 */
final class CatalogChecksum {
  private CatalogChecksum() {}

  /** The file's checksum in hex; the bundled demo's when {@code file} is null. */
  static String of(Path file) {
    try {
      if (file != null) {
        return sha256(Files.readAllBytes(file));
      }
      try (InputStream demo =
          CatalogLoader.class.getClassLoader().getResourceAsStream(CatalogLoader.DEMO_RESOURCE)) {
        if (demo == null) {
          throw new IllegalStateException("the bundled demo catalog is missing from the jar");
        }
        return sha256(demo.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the catalog cannot be read again for its checksum", e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
