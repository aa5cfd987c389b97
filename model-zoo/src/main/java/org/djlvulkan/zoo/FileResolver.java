package org.djlvulkan.zoo;

import ai.djl.util.Progress;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a zoo file on disk, in this order: the mirror folder (trusted, not checked), the zoo's
 * folder in DJL's cache (only verified downloads get there), then a download into the cache,
 * checked against the published SHA-256 where one is known.
 */
public final class FileResolver {
  private static final Logger logger = LoggerFactory.getLogger(FileResolver.class);

  private final ZooSettings settings;
  private final Downloader downloader;

  /**
   * Creates a resolver.
   *
   * @param settings the mirror, cache folder, base-URL override and offline mode
   * @param downloader fetches missing files
   */
  public FileResolver(ZooSettings settings, Downloader downloader) {
    this.settings = settings;
    this.downloader = downloader;
  }

  /** Returns a resolver with the settings in force ({@link ZooSettings#fromEnvironment()}). */
  public static FileResolver fromEnvironment() {
    return new FileResolver(ZooSettings.fromEnvironment(), new Downloader());
  }

  /**
   * Finds a file in the mirror or the cache, without downloading.
   *
   * @param file the zoo file
   * @return the file, or empty when neither has it
   */
  public Optional<ResolvedFile> findLocal(ZooFile file) {
    if (settings.mirror().isPresent()) {
      Path mirrored = settings.mirror().get().resolve(file.relativePath());
      if (Files.isRegularFile(mirrored)) {
        return Optional.of(new ResolvedFile(mirrored, FileSource.MIRROR));
      }
    }
    Path cached = cachePath(file);
    if (Files.isRegularFile(cached)) {
      return Optional.of(new ResolvedFile(cached, FileSource.CACHE));
    }
    return Optional.empty();
  }

  /**
   * Finds a file in the mirror or the cache, else downloads it into the cache.
   *
   * @param file the zoo file
   * @param what how messages name the file, such as {@code org.djlvulkan:resnet50 (int8)}
   * @param progress shows the download
   * @return the file on disk
   * @throws ModelUnavailableException when the file is not local and cannot be downloaded; the
   *     message says how to set the mirror
   */
  public ResolvedFile resolve(ZooFile file, String what, Progress progress)
      throws ModelUnavailableException {
    Optional<ResolvedFile> local = findLocal(file);
    if (local.isPresent()) {
      return local.get();
    }
    Optional<URI> source = settings.downloadUrl(file);
    if (source.isEmpty()) {
      throw unavailable(
          file,
          what,
          "it has no public download (an ExecuTorch program made by ../shared/pte-tools: serve it"
              + " from a model mirror or "
              + ZooSettings.BASE_URL_ENV
              + ")",
          null);
    }
    URI url = source.get();
    if (settings.offline()) {
      throw unavailable(file, what, "DJL offline mode forbids downloading " + url, null);
    }
    if (file.sha256().isEmpty()) {
      logger.warn("{}: no published SHA-256 for {}; the download is not verified", what, url);
    }
    Path target = cachePath(file);
    logger.info("{}: downloading {} to {}", what, url, target);
    try {
      downloader.download(url, target, file.sha256(), file.size(), progress);
    } catch (IOException e) {
      throw unavailable(file, what, "the download of " + url + " failed: " + describe(e), e);
    }
    return new ResolvedFile(target, FileSource.DOWNLOAD);
  }

  /** Returns where the cache keeps a file. */
  public Path cachePath(ZooFile file) {
    return settings.cacheDir().resolve(file.relativePath());
  }

  private ModelUnavailableException unavailable(
      ZooFile file, String what, String why, Throwable cause) {
    String mirror =
        settings
            .mirror()
            .map(m -> "the model mirror " + m)
            .orElse("the model mirror (" + ZooSettings.MIRROR_ENV + " is not set)");
    return new ModelUnavailableException(
        what
            + ": "
            + file.relativePath()
            + " is in neither "
            + mirror
            + " nor the DJL cache "
            + settings.cacheDir()
            + ", and "
            + why
            + ". To work offline, set "
            + ZooSettings.MIRROR_ENV
            + " (or -D"
            + ZooSettings.MIRROR_PROPERTY
            + ") to a folder that holds "
            + file.relativePath(),
        cause);
  }

  /** Names an I/O failure even when the exception has no message (an unknown host, say). */
  private static String describe(Exception e) {
    String message = e.getMessage();
    String type = e.getClass().getSimpleName();
    return message == null ? type : type + ": " + message;
  }
}
