package org.djlvulkan.zoo;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One file the zoo serves: where it lies in a model mirror, and its official public download.
 *
 * @param relativePath the path inside a mirror folder, such as {@code resnet50/resnet50-fp32.onnx};
 *     the zoo's DJL cache folder and a base-URL override use the same layout
 * @param url the official public download, or empty for a file that has none (it comes from a model
 *     mirror or a base-URL override only)
 * @param sha256 the SHA-256 of the official file in lower-case hex, or empty where no published
 *     checksum could be confirmed (such a download is not verified)
 * @param size the size of the official file in bytes, or -1 when unknown
 */
public record ZooFile(String relativePath, Optional<URI> url, Optional<String> sha256, long size) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** Checks the values. */
  public ZooFile {
    if (relativePath.isBlank()
        || relativePath.startsWith("/")
        || relativePath.contains("\\")
        || Pattern.compile("(^|/)\\.\\.?(/|$)").matcher(relativePath).find()) {
      throw new IllegalArgumentException("not a plain relative path: '" + relativePath + "'");
    }
    sha256 = sha256.map(s -> s.toLowerCase(Locale.ROOT));
    if (sha256.isPresent() && !SHA256.matcher(sha256.get()).matches()) {
      throw new IllegalArgumentException("not a SHA-256 in hex: '" + sha256.get() + "'");
    }
  }

  /**
   * Returns a file with a published checksum.
   *
   * @param relativePath the path inside a mirror folder
   * @param url the official download
   * @param sha256 the SHA-256 of the official file, hex
   * @param size the size in bytes
   * @return the file
   */
  public static ZooFile verified(String relativePath, String url, String sha256, long size) {
    return new ZooFile(relativePath, Optional.of(URI.create(url)), Optional.of(sha256), size);
  }

  /**
   * Returns a file whose checksum could not be confirmed: its download is not verified.
   *
   * @param relativePath the path inside a mirror folder
   * @param url the official download
   * @return the file
   */
  public static ZooFile unverified(String relativePath, String url) {
    return new ZooFile(relativePath, Optional.of(URI.create(url)), Optional.empty(), -1);
  }

  /**
   * Returns a file with no public download: a model mirror or a base-URL override serves it (the
   * ExecuTorch programs that {@code ../shared/pte-tools} makes). Its downloads are not verified.
   *
   * @param relativePath the path inside a mirror folder
   * @return the file
   */
  public static ZooFile mirrorOnly(String relativePath) {
    return new ZooFile(relativePath, Optional.empty(), Optional.empty(), -1);
  }

  /** Returns the file name, the last part of the relative path. */
  public String fileName() {
    return relativePath.substring(relativePath.lastIndexOf('/') + 1);
  }
}
