package org.djlvulkan.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.djlvulkan.zoo.ImageResize;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Spark ML {@code Transformer} that classifies images with the Vulkan engine: it reads the
 * encoded image bytes of {@code inputCol} (the {@code content} column of Spark's {@code binaryFile}
 * source by default), and adds {@code class_index}, {@code label}, {@code probability} and {@code
 * error} (null unless that row failed: an undecodable image, a failed prediction). Each executor
 * JVM loads the model once ({@link ExecutorModels}) and runs the rows of a partition in batches of
 * {@code batchSize}; the transformation is deterministic, so Spark may rerun a lost partition.
 */
public final class VulkanImageClassifier extends VulkanTransformer<VulkanImageClassifier> {
  private static final long serialVersionUID = 1L;

  /** Columns added to the input's. */
  public static final String CLASS_INDEX = "class_index";

  /** The label column. */
  public static final String LABEL = "label";

  /** The probability column. */
  public static final String PROBABILITY = "probability";

  /** The error column: null for a classified row. */
  public static final String ERROR = "error";

  /** With {@code topK} above 1: the most probable classes, as (class_index, label, probability). */
  public static final String TOP_CLASSES = "top_classes";

  private static final StructType RANKED =
      new StructType()
          .add(CLASS_INDEX, DataTypes.IntegerType, false)
          .add(LABEL, DataTypes.StringType, false)
          .add(PROBABILITY, DataTypes.DoubleType, false);

  private final Param<String> pathCol;
  private final Param<String> synset;
  private final IntParam topK;
  private final Param<String> resizeOn;

  /** Creates a classifier with a random uid. */
  public VulkanImageClassifier() {
    this(Identifiable$.MODULE$.randomUID("vulkanImageClassifier"));
  }

  /**
   * Creates a classifier.
   *
   * @param uid its uid
   */
  public VulkanImageClassifier(String uid) {
    super(uid, "content", "column of encoded image bytes");
    pathCol = new Param<>(this, "pathCol", "column naming each image (optional)");
    synset = new Param<>(this, "synset", "labels file, empty for the zoo's");
    topK = new IntParam(this, "topK", "classes per row in top_classes", ParamValidators.gtEq(1));
    setDefault(model(), "mobilenetv2");
    setDefault(pathCol, "path");
    setDefault(synset, "");
    resizeOn =
        new Param<>(
            this,
            "resizeOn",
            "where images are resized, cropped and normalized: host, device (the host only"
                + " decodes) or auto (device on a GPU)",
            ParamValidators.inArray(new String[] {"host", "device", "auto"}));
    setDefault(topK, 1);
    setDefault(resizeOn, ImageResize.AUTO.argument());
  }

  @Override
  protected VulkanImageClassifier self() {
    return this;
  }

  /** Returns the parameter: the column naming each image (default {@code path}; may be absent). */
  public Param<String> pathCol() {
    return pathCol;
  }

  /** Returns the parameter: the labels file (empty: the zoo's). */
  public Param<String> synset() {
    return synset;
  }

  /** Returns the parameter: classes per row in {@code top_classes} (default 1: no column). */
  public IntParam topK() {
    return topK;
  }

  /**
   * Returns the parameter: where the images are resized, cropped and normalized ({@link
   * ImageResize}): {@code host} (float tensors, as the single-process {@code classify} makes them),
   * {@code device} (the executors only decode; the model takes the images at their own size) or
   * {@code auto} (the default: device when the model runs on a GPU). The device path is faster
   * where the host's image preparation bounds the job; its results agree with the host path's to
   * float rounding.
   */
  public Param<String> resizeOn() {
    return resizeOn;
  }

  /** Sets where the images are resized: {@code host}, {@code device} or {@code auto}. */
  public VulkanImageClassifier setResizeOn(String value) {
    set(resizeOn, value);
    return this;
  }

  /** Sets the classes listed per row; above 1 adds the {@code top_classes} column. */
  public VulkanImageClassifier setTopK(int value) {
    set(topK, value);
    return this;
  }

  /** Sets the labels file. */
  public VulkanImageClassifier setSynset(String value) {
    set(synset, value);
    return this;
  }

  /** Sets the column naming each image. */
  public VulkanImageClassifier setPathCol(String value) {
    set(pathCol, value);
    return this;
  }

  /** Returns the model these parameters name. */
  public ModelSpec spec() {
    return spec($(synset)).withResize(ImageResize.named($(resizeOn)));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StructField in = schema.apply($(inputCol()));
    if (!in.dataType().equals(DataTypes.BinaryType)) {
      throw new IllegalArgumentException(
          "column " + $(inputCol()) + " must hold image bytes (binary), it is " + in.dataType());
    }
    StructType out =
        schema
            .add(CLASS_INDEX, DataTypes.IntegerType, true)
            .add(LABEL, DataTypes.StringType, true)
            .add(PROBABILITY, DataTypes.DoubleType, true)
            .add(ERROR, DataTypes.StringType, true);
    return (Integer) $(topK) > 1
        ? out.add(TOP_CLASSES, DataTypes.createArrayType(RANKED, false), true)
        : out;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType in = dataset.schema();
    StructType out = transformSchema(in);
    int content = in.fieldIndex($(inputCol()));
    int path = List.of(in.fieldNames()).indexOf($(pathCol));
    ModelSpec spec = spec();
    int batch = batch();
    int k = (Integer) $(topK);
    return dataset
        .toDF()
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>)
                rows -> classifyRows(rows, content, path, spec, batch, k),
            Encoders.row(out));
  }

  /** The partition function: each row, extended with its result's columns. */
  private static Iterator<Row> classifyRows(
      Iterator<Row> rows, int content, int path, ModelSpec spec, int batch, int topK) {
    List<Row> pending = new ArrayList<>();
    Iterator<ImageInput> inputs =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return rows.hasNext();
          }

          @Override
          public ImageInput next() {
            Row r = rows.next();
            pending.add(r);
            String name = path >= 0 && !r.isNullAt(path) ? String.valueOf(r.get(path)) : null;
            return new ImageInput(name, r.isNullAt(content) ? null : (byte[]) r.get(content));
          }
        };
    Iterator<ImageResult> results = PartitionClassifier.classify(inputs, spec, batch, topK);
    return extendRows(
        results,
        pending,
        res -> {
          Object[] extra = new Object[topK > 1 ? 5 : 4];
          extra[0] = res.classIndex();
          extra[1] = res.label();
          extra[2] = res.probability();
          extra[3] = res.error();
          if (topK > 1) {
            List<Row> top = new ArrayList<>();
            res.top()
                .forEach(t -> top.add(RowFactory.create(t.index(), t.label(), t.probability())));
            extra[4] = res.error() == null ? CollectionConverters.asScala(top).toSeq() : null;
          }
          return extra;
        });
  }

  @Override
  public VulkanImageClassifier copy(ParamMap extra) {
    return (VulkanImageClassifier) defaultCopy(extra);
  }
}
