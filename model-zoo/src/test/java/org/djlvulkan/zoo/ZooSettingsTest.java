package org.djlvulkan.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ZooSettingsTest {
  private static final String MIRROR = "djl.vulkan.model.mirror";

  @AfterEach
  void clearProperties() {
    System.clearProperty(MIRROR);
    System.clearProperty(ZooSettings.BASE_URL_PROPERTY);
  }

  @Test
  void readsTheMirrorAndTheBaseUrlFromSystemProperties() {
    System.setProperty(MIRROR, "/data/models");
    System.setProperty(ZooSettings.BASE_URL_PROPERTY, "http://127.0.0.1:8080/models");
    ZooSettings s = ZooSettings.fromEnvironment();
    assertThat(s.mirror()).contains(Path.of("/data/models"));
    assertThat(s.baseUrl()).contains(URI.create("http://127.0.0.1:8080/models/"));
    assertThat(s.cacheDir().toString())
        .endsWith("/cache/repo/model/cv/image_classification/org/djlvulkan");
  }

  @Test
  void downloadsFromTheOfficialUrlUnlessABaseUrlIsSet() {
    ZooFile file = ZooCatalog.select("resnet50", null).file();
    ZooSettings plain = new ZooSettings(Optional.empty(), Path.of("c"), Optional.empty(), false);
    assertThat(plain.downloadUrl(file)).isEqualTo(file.url());
    ZooSettings based =
        new ZooSettings(
            Optional.empty(),
            Path.of("c"),
            Optional.of(URI.create("https://m.example/zoo")),
            false);
    assertThat(based.downloadUrl(file))
        .contains(URI.create("https://m.example/zoo/resnet50/resnet50-fp32.onnx"));
    ZooFile program = ZooFile.mirrorOnly("pte/resnet50-int8.pte");
    assertThat(plain.downloadUrl(program)).isEmpty();
    assertThat(based.downloadUrl(program))
        .contains(URI.create("https://m.example/zoo/pte/resnet50-int8.pte"));
  }

  @Test
  void rejectsABaseUrlThatIsNotHttp() {
    System.setProperty(ZooSettings.BASE_URL_PROPERTY, "file:///data/models");
    assertThatThrownBy(ZooSettings::fromEnvironment)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "djl.vulkan.model.base.url / DJL_VULKAN_MODEL_BASE_URL must be an http(s) URL, got"
                + " 'file:///data/models'");
    System.setProperty(ZooSettings.BASE_URL_PROPERTY, "http://bad host/");
    assertThatThrownBy(ZooSettings::fromEnvironment)
        .hasMessageContaining("is not a URL: 'http://bad host/'");
  }
}
