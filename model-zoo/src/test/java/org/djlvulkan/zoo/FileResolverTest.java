package org.djlvulkan.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.util.Progress;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolution order (mirror, cache, download) and the download's checks, on loopback. */
class FileResolverTest {
  private static final String PATH = "resnet50/resnet50-int8-qdq.onnx";
  private static final byte[] OFFICIAL = "official model bytes".getBytes(StandardCharsets.UTF_8);

  @TempDir Path mirror;
  @TempDir Path cache;
  private LoopbackServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = new LoopbackServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private FileResolver resolver(Optional<Path> mirrorDir, Optional<URI> baseUrl, boolean offline) {
    return new FileResolver(new ZooSettings(mirrorDir, cache, baseUrl, offline), new Downloader());
  }

  private FileResolver online() {
    return resolver(Optional.of(mirror), Optional.empty(), false);
  }

  /** A file whose official download is the loopback server's {@code /official/...}. */
  private ZooFile verifiedFile(byte[] published) {
    return ZooFile.verified(
        PATH, server.url("/official/" + PATH).toString(), sha256(published), published.length);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static Path write(Path dir, String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static final class CountingProgress implements Progress {
    long total;
    long received;
    boolean ended;

    @Override
    public void reset(String message, long max, String trailingMessage) {
      total = max;
      received = 0;
    }

    @Override
    public void start(long initialProgress) {
      received = initialProgress;
    }

    @Override
    public void end() {
      ended = true;
    }

    @Override
    public void increment(long increment) {
      received += increment;
    }

    @Override
    public void update(long progress, String message) {
      received = progress;
    }
  }

  @Test
  void theMirrorComesFirstAndIsTrustedAsItIs() throws IOException {
    Path mirrored = write(mirror, PATH, "local stand-in, not the official bytes");
    write(cache, PATH, "cached");
    ResolvedFile found = online().resolve(verifiedFile(OFFICIAL), "test", new CountingProgress());
    assertThat(found).isEqualTo(new ResolvedFile(mirrored, FileSource.MIRROR));
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void theCacheComesSecond() throws IOException {
    Path cached = write(cache, PATH, "cached");
    write(mirror, "other.onnx", "another model");
    ResolvedFile found = online().resolve(verifiedFile(OFFICIAL), "test", new CountingProgress());
    assertThat(found).isEqualTo(new ResolvedFile(cached, FileSource.CACHE));
    assertThat(
            resolver(Optional.empty(), Optional.empty(), false).findLocal(verifiedFile(OFFICIAL)))
        .contains(new ResolvedFile(cached, FileSource.CACHE));
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void downloadsIntoTheCacheWithProgressAndChecksumThenReusesIt() throws IOException {
    server.serve("/official/" + PATH, OFFICIAL);
    CountingProgress progress = new CountingProgress();
    ResolvedFile found = online().resolve(verifiedFile(OFFICIAL), "test", progress);

    assertThat(found).isEqualTo(new ResolvedFile(cache.resolve(PATH), FileSource.DOWNLOAD));
    assertThat(Files.readAllBytes(found.path())).isEqualTo(OFFICIAL);
    assertThat(progress.total).isEqualTo(OFFICIAL.length);
    assertThat(progress.received).isEqualTo(OFFICIAL.length);
    assertThat(progress.ended).isTrue();

    ResolvedFile again = online().resolve(verifiedFile(OFFICIAL), "test", new CountingProgress());
    assertThat(again.source()).isEqualTo(FileSource.CACHE);
    assertThat(server.requests()).containsExactly("/official/" + PATH);
  }

  @Test
  void aChecksumMismatchKeepsNothingAndSaysWhy() throws IOException {
    byte[] tampered = "tampered model bytes".getBytes(StandardCharsets.UTF_8);
    server.serve("/official/" + PATH, tampered);
    ZooFile file = verifiedFile(OFFICIAL);

    assertThatThrownBy(
            () -> online().resolve(file, "org.djlvulkan:resnet50 (int8)", new CountingProgress()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasCauseInstanceOf(ChecksumMismatchException.class)
        .hasMessageStartingWith("org.djlvulkan:resnet50 (int8): " + PATH + " is in neither")
        .hasMessageContaining("SHA-256 mismatch for " + server.url("/official/" + PATH))
        .hasMessageContaining("expected " + sha256(OFFICIAL) + ", got " + sha256(tampered))
        .hasMessageContaining("set DJL_VULKAN_MODEL_MIRROR");
    try (Stream<Path> left = Files.walk(cache)) {
      assertThat(left.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void aFileWithoutAPublishedChecksumIsDownloadedUnchecked() throws IOException {
    server.serve("/winml/squeezenet.onnx", OFFICIAL);
    ZooFile file =
        ZooFile.unverified("squeezenet-fp16.onnx", server.url("/winml/squeezenet.onnx").toString());
    ResolvedFile found = online().resolve(file, "test", new CountingProgress());
    assertThat(found.source()).isEqualTo(FileSource.DOWNLOAD);
    assertThat(Files.readAllBytes(found.path())).isEqualTo(OFFICIAL);
  }

  @Test
  void theBaseUrlOverrideServesTheMirrorLayoutAndIsStillChecked() throws IOException {
    server.serve("/mirror/" + PATH, OFFICIAL);
    FileResolver overridden = resolver(Optional.empty(), Optional.of(server.url("/mirror")), false);
    ResolvedFile found = overridden.resolve(verifiedFile(OFFICIAL), "test", new CountingProgress());
    assertThat(Files.readAllBytes(found.path())).isEqualTo(OFFICIAL);
    assertThat(server.requests()).containsExactly("/mirror/" + PATH);

    Files.delete(found.path());
    assertThatThrownBy(
            () ->
                overridden.resolve(
                    verifiedFile("other".getBytes()), "test", new CountingProgress()))
        .hasCauseInstanceOf(ChecksumMismatchException.class);
  }

  @Test
  void offlineWithNothingFoundSaysHowToSetTheMirror() {
    server.serve("/official/" + PATH, OFFICIAL);
    FileResolver offline = resolver(Optional.empty(), Optional.empty(), true);
    assertThatThrownBy(
            () ->
                offline.resolve(verifiedFile(OFFICIAL), "org.djlvulkan:x", new CountingProgress()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessage(
            "org.djlvulkan:x: "
                + PATH
                + " is in neither the model mirror (DJL_VULKAN_MODEL_MIRROR is not set) nor the"
                + " DJL cache "
                + cache
                + ", and DJL offline mode forbids downloading "
                + server.url("/official/" + PATH)
                + ". To work offline, set DJL_VULKAN_MODEL_MIRROR (or -Ddjl.vulkan.model.mirror)"
                + " to a folder that holds "
                + PATH);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void anHttpErrorNamesTheStatusAndTheMirror() {
    assertThatThrownBy(
            () -> online().resolve(verifiedFile(OFFICIAL), "test", new CountingProgress()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("the model mirror " + mirror)
        .hasMessageContaining("HTTP 404 from " + server.url("/official/" + PATH))
        .hasMessageContaining("set DJL_VULKAN_MODEL_MIRROR");
  }

  @Test
  void aProgramWithoutAPublicDownloadComesFromTheMirrorOrSaysHowToServeIt() throws IOException {
    ZooFile program = ZooFile.mirrorOnly("pte/p.pte");
    assertThatThrownBy(() -> online().resolve(program, "org.djlvulkan:p", new CountingProgress()))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("pte/p.pte is in neither the model mirror " + mirror)
        .hasMessageContaining("it has no public download")
        .hasMessageContaining("DJL_VULKAN_MODEL_BASE_URL");
    assertThat(server.requests()).isEmpty();
    Files.createDirectories(mirror.resolve("pte"));
    Files.write(mirror.resolve("pte/p.pte"), new byte[] {1, 2, 3});
    ResolvedFile found = online().resolve(program, "org.djlvulkan:p", new CountingProgress());
    assertThat(found.path()).isEqualTo(mirror.resolve("pte/p.pte"));
    assertThat(found.source()).isEqualTo(FileSource.MIRROR);
  }
}
