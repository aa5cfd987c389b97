package org.djlvulkan.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.ZooModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.djlvulkan.zoo.translator.RankedClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spark in local mode (executors are threads of this JVM) on lavapipe: spark-classify against the
 * single-process predictor, and a job of a few hundred images with a corrupt one.
 */
class SparkLocalTest {
  @BeforeAll
  static void useSharedModels() {
    SharedFixtures.require(SharedFixtures.image("chelsea.png"));
    SharedFixtures.useModelsAsMirror();
  }

  @AfterAll
  static void release() {
    ExecutorModels.closeAll();
    SharedFixtures.releaseMirror();
  }

  /** Runs spark-classify and returns its printed row lines by file name. */
  static Map<String, String[]> sparkClassify(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int status = SparkClassify.run(args, out, out);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(status).as(text).isZero();
    Map<String, String[]> rows = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.split("\t");
      if (f.length >= 2) {
        rows.put(f[0], f);
      }
    }
    return rows;
  }

  /** Copies the shared photos into a folder of their own. */
  static Path photos(Path dir) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    for (String name : List.of("chelsea.png", "coffee.png")) {
      Files.copy(SharedFixtures.image(name), in.resolve(name));
    }
    return in;
  }

  @ParameterizedTest
  @ValueSource(strings = {"mobilenetv2", "squeezenet"})
  void classifiesThePhotosAsTheSingleProcessPredictorDoes(String model, @TempDir Path tmp)
      throws Exception {
    Path in = photos(tmp);
    Map<String, String[]> rows =
        sparkClassify(
            "--model",
            model,
            "--master",
            "local[2]",
            "--batch",
            "2",
            in.toString(),
            tmp.resolve("out").toString());
    assertThat(rows).containsOnlyKeys("chelsea.png", "coffee.png");
    try (ZooModel<Image, Classifications> m = ModelSpec.of(model).criteria(null).loadModel();
        Predictor<Image, Classifications> p = m.newPredictor()) {
      for (String name : rows.keySet()) {
        RankedClass want =
            RankedClass.top(p.predict(ImageFactory.getInstance().fromFile(in.resolve(name))), 1)
                .get(0);
        String[] got = rows.get(name);
        assertThat(Integer.parseInt(got[1])).as(name).isEqualTo(want.index());
        assertThat(got[2]).as(name).isEqualTo(want.label());
        assertThat(Double.parseDouble(got[3])).as(name).isCloseTo(want.probability(), within());
      }
    }
    assertThat(rows.get("chelsea.png")[1]).isEqualTo("285");
    assertThat(rows.get("coffee.png")[1]).isEqualTo("967");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-4);
  }

  @Test
  void aFewHundredImagesInFourPartitionsLoseNoRowAndLoadTheModelOnce(@TempDir Path tmp)
      throws Exception {
    Path in = Files.createDirectories(tmp.resolve("many"));
    Random random = new Random(7);
    int count = 200;
    for (int i = 0; i < count; i++) {
      BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 30; y++) {
        for (int x = 0; x < 40; x++) {
          img.setRGB(x, y, random.nextInt(1 << 24));
        }
      }
      ImageIO.write(img, "png", in.resolve(String.format("img-%03d.png", i)).toFile());
    }
    byte[] junk = new byte[500];
    random.nextBytes(junk);
    Files.write(in.resolve("broken.png"), junk);

    ExecutorModels.closeAll();
    int loadsBefore = ExecutorModels.loads();
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("many images")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      Dataset<Row> files = spark.read().format("binaryFile").load(in.toString()).repartition(4);
      assertThat(files.rdd().getNumPartitions()).isEqualTo(4);
      List<Row> rows =
          new VulkanImageClassifier()
              .setModel("squeezenet")
              .setBatchSize(8)
              .transform(files)
              .select("path", "class_index", "label", "probability", "error")
              .collectAsList();
      assertThat(rows).hasSize(count + 1);
      List<ImageResult> failed = new ArrayList<>();
      for (Row r : rows) {
        ImageResult res = SparkClassify.result(r);
        if (res.error() != null) {
          failed.add(res);
        } else {
          assertThat(res.classIndex()).isBetween(0, 999);
          assertThat(res.probability()).isBetween(0.0, 1.0);
        }
      }
      assertThat(failed)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.path()).endsWith("broken.png");
                assertThat(f.error()).startsWith("cannot decode the image");
              });
      assertThat(ExecutorModels.loads() - loadsBefore).as("models loaded by this JVM").isEqualTo(1);
    } finally {
      spark.stop();
    }
  }
}
