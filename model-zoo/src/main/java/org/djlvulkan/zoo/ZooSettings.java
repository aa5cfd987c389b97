package org.djlvulkan.zoo;

import ai.djl.Application;
import ai.djl.util.Utils;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.djlvulkan.backend.config.Settings;

/**
 * Where the zoo looks for its files, in this order: the mirror folder, the DJL cache, then the
 * download (from the official URL, or from the base-URL override).
 *
 * @param mirror the model mirror folder ({@code DJL_VULKAN_MODEL_MIRROR} / {@code
 *     djl.vulkan.model.mirror}), laid out as the project's shared models folder; its files are
 *     trusted as they are
 * @param cacheDir where downloads are kept, laid out as the mirror
 * @param baseUrl when present, every download comes from {@code baseUrl + relative path} instead of
 *     the official URL (an HTTP mirror laid out as the mirror folder; checksums still apply)
 * @param offline true when downloads are forbidden (DJL's offline mode)
 */
public record ZooSettings(
    Optional<Path> mirror, Path cacheDir, Optional<URI> baseUrl, boolean offline) {

  /** System property of the model mirror folder. */
  public static final String MIRROR_PROPERTY = "djl.vulkan.model.mirror";

  /** Environment variable of the model mirror folder. */
  public static final String MIRROR_ENV = "DJL_VULKAN_MODEL_MIRROR";

  /** System property of the base-URL override. */
  public static final String BASE_URL_PROPERTY = "djl.vulkan.model.base.url";

  /** Environment variable of the base-URL override. */
  public static final String BASE_URL_ENV = "DJL_VULKAN_MODEL_BASE_URL";

  /** Checks the base URL and ends it with a slash, so that relative paths resolve below it. */
  public ZooSettings {
    baseUrl = baseUrl.map(ZooSettings::asFolder);
  }

  /**
   * Returns the settings in force: the mirror setting, DJL's cache folder ({@code DJL_CACHE_DIR})
   * and offline mode, and the base-URL override ({@value #BASE_URL_PROPERTY} / {@value
   * #BASE_URL_ENV}; the system property wins).
   *
   * @return the settings
   * @throws IllegalArgumentException when the base URL is not an http(s) URL
   */
  public static ZooSettings fromEnvironment() {
    Optional<Path> mirror = Settings.read(MIRROR_PROPERTY, MIRROR_ENV).map(Path::of);
    Optional<URI> baseUrl = Settings.read(BASE_URL_PROPERTY, BASE_URL_ENV).map(ZooSettings::parse);
    return new ZooSettings(mirror, defaultCacheDir(), baseUrl, Utils.isOfflineMode());
  }

  /**
   * Returns the zoo's folder in DJL's cache: {@code cache/repo/model/cv/image_classification/
   * org/djlvulkan} below {@code Utils.getCacheDir()}.
   */
  public static Path defaultCacheDir() {
    return Utils.getCacheDir()
        .resolve("cache/repo/model")
        .resolve(Application.CV.IMAGE_CLASSIFICATION.getPath())
        .resolve(VkModelZoo.GROUP_ID.replace('.', '/'));
  }

  /**
   * Returns where a file is downloaded from: below the base-URL override when set, else the
   * official URL.
   *
   * @param file the file
   * @return the URL, empty for a file with no public download and no override
   */
  public Optional<URI> downloadUrl(ZooFile file) {
    return baseUrl.map(b -> b.resolve(file.relativePath())).or(file::url);
  }

  private static URI parse(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          BASE_URL_PROPERTY + " / " + BASE_URL_ENV + " is not a URL: '" + text + "'", e);
    }
  }

  private static URI asFolder(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          BASE_URL_PROPERTY + " / " + BASE_URL_ENV + " must be an http(s) URL, got '" + url + "'");
    }
    String text = url.toString();
    return text.endsWith("/") ? url : URI.create(text + "/");
  }
}
