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
import org.junit.jupiter.params.provider.CsvSource;

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
    assertThat(text)
        .as("the summary line")
        .containsPattern("\\d+ rows, \\d+ with errors -> .* images/s");
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

  /**
   * The host path gives the single process's results; with the images resized on the device (the
   * host only decodes) the int8 model sees the same values, as the device resamples with the host's
   * float arithmetic.
   */
  @ParameterizedTest
  @CsvSource({"mobilenetv2, host", "squeezenet, host", "mobilenetv2, device"})
  void classifiesThePhotosAsTheSingleProcessPredictorDoes(
      String model, String resizeOn, @TempDir Path tmp) throws Exception {
    Path in = photos(tmp);
    Map<String, String[]> rows =
        sparkClassify(
            "--model",
            model,
            "--master",
            "local[2]",
            "--batch",
            "2",
            "--resize-on",
            resizeOn,
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

  @Test
  void topClassesListTheMostProbableClassesFirst(@TempDir Path tmp) throws Exception {
    Path in = photos(tmp);
    SparkSession spark = localSpark();
    try {
      List<Row> rows =
          new VulkanImageClassifier()
              .setModel("squeezenet")
              .setTopK(3)
              .transform(spark.read().format("binaryFile").load(in.toString()))
              .select("path", "class_index", "top_classes")
              .collectAsList();
      assertThat(rows).hasSize(2);
      for (Row r : rows) {
        List<Row> top = r.getList(2);
        assertThat(top).hasSize(3);
        assertThat(top.get(0).getInt(0)).isEqualTo(r.getInt(1));
        assertThat(top.get(0).getDouble(2))
            .isGreaterThanOrEqualTo(top.get(1).getDouble(2))
            .isGreaterThanOrEqualTo(top.get(2).getDouble(2));
      }
    } finally {
      spark.stop();
    }
  }

  @Test
  void floatArraysRunThroughTheModelAsTheyAre() throws Exception {
    int size = 3 * 224 * 224;
    Random random = new Random(3);
    List<float[]> samples = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      float[] f = new float[size];
      List<Float> values = new ArrayList<>(size);
      for (int j = 0; j < size; j++) {
        f[j] = (float) random.nextGaussian();
        values.add(f[j]);
      }
      samples.add(f);
      rows.add(org.apache.spark.sql.RowFactory.create("s" + i, seq(values)));
    }
    rows.add(org.apache.spark.sql.RowFactory.create("short", seq(List.of(1f, 2f))));
    org.apache.spark.sql.types.StructType schema =
        new org.apache.spark.sql.types.StructType()
            .add("id", org.apache.spark.sql.types.DataTypes.StringType)
            .add(
                "features",
                org.apache.spark.sql.types.DataTypes.createArrayType(
                    org.apache.spark.sql.types.DataTypes.FloatType));
    SparkSession spark = localSpark();
    List<Row> out;
    try {
      out =
          new VulkanTensorRunner()
              .setModel("mobilenetv2")
              .setBatchSize(2)
              .transform(spark.createDataFrame(rows, schema).repartition(1))
              .select("id", "output", "error")
              .orderBy("id")
              .collectAsList();
    } finally {
      spark.stop();
    }
    assertThat(out).hasSize(4);
    try (ZooModel<ai.djl.ndarray.NDList, ai.djl.ndarray.NDList> m =
            ModelSpec.of("mobilenetv2").rawCriteria(null).loadModel();
        Predictor<ai.djl.ndarray.NDList, ai.djl.ndarray.NDList> p = m.newPredictor();
        ai.djl.ndarray.NDManager manager = m.getNDManager().newSubManager()) {
      for (int i = 0; i < 3; i++) {
        Row r = out.get(i);
        assertThat(r.getString(0)).isEqualTo("s" + i);
        assertThat(r.isNullAt(2)).as(String.valueOf(r.get(2))).isTrue();
        float[] want =
            p.predict(
                    new ai.djl.ndarray.NDList(
                        manager.create(
                            samples.get(i), new ai.djl.ndarray.types.Shape(1, 3, 224, 224))))
                .get(0)
                .toFloatArray();
        List<Float> got = r.getList(1);
        assertThat(got).hasSize(want.length);
        double worst = 0;
        double scale = 0;
        for (int j = 0; j < want.length; j++) {
          worst = Math.max(worst, Math.abs(got.get(j) - want[j]));
          scale = Math.max(scale, Math.abs(want[j]));
        }
        assertThat(worst).as("sample " + i).isLessThanOrEqualTo(1e-4 * scale);
      }
    }
    Row bad = out.get(3);
    assertThat(bad.getString(0)).isEqualTo("short");
    assertThat(bad.isNullAt(1)).isTrue();
    assertThat(bad.getString(2)).startsWith("expected 150528 values [3, 224, 224], got 2");
  }

  private static scala.collection.immutable.Seq<Float> seq(List<Float> values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(values).toSeq();
  }

  private static SparkSession localSpark() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("djl-vulkan test")
        .config("spark.ui.enabled", "false")
        .getOrCreate();
  }
}
