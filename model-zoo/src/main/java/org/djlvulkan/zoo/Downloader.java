package org.djlvulkan.zoo;

import ai.djl.util.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Downloads one file over HTTP(S) into place: streamed into a temporary file beside the target,
 * hashed on the way, checked against the published SHA-256, then moved to the target. A failed or
 * mismatching download leaves nothing behind.
 */
public final class Downloader {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final int CHUNK = 1 << 16;

  private final HttpClient client;

  /** Creates a downloader that follows redirects (GitHub serves LFS files through one). */
  public Downloader() {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * Downloads {@code url} to {@code target}, creating its folder.
   *
   * @param url the http(s) URL
   * @param target where the file goes; replaced only by a complete, verified download
   * @param sha256 the expected SHA-256 in lower-case hex, or empty to skip the check
   * @param size the expected size for the progress bar, or -1 to use the response's length
   * @param progress shows the bytes received
   * @throws ChecksumMismatchException when the SHA-256 differs
   * @throws IOException on an HTTP status other than 200 or a transfer error
   */
  public void download(URI url, Path target, Optional<String> sha256, long size, Progress progress)
      throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    HttpRequest request = HttpRequest.newBuilder(url).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("download of " + url + " interrupted");
    }
    Path part = Files.createTempFile(folder, target.getFileName().toString(), ".part");
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode() + " from " + url);
      }
      long total =
          size > 0 ? size : response.headers().firstValueAsLong("Content-Length").orElse(-1);
      String actual = copyHashed(in, part, total, progress);
      if (sha256.isPresent() && !sha256.get().equals(actual)) {
        throw new ChecksumMismatchException(
            "SHA-256 mismatch for "
                + url
                + ": expected "
                + sha256.get()
                + ", got "
                + actual
                + "; the file was not kept");
      }
      move(part, target);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /** Copies the stream into a file and returns its SHA-256 in lower-case hex. */
  private static String copyHashed(InputStream in, Path file, long total, Progress progress)
      throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    if (total > 0) {
      progress.reset("Downloading " + file.getFileName(), total);
    }
    byte[] buffer = new byte[CHUNK];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
        if (total > 0) {
          progress.increment(n);
        }
      }
    } finally {
      if (total > 0) {
        progress.end();
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
