package org.djlvulkan.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Transformer;
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
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Spark ML {@code Transformer} that classifies images with the Vulkan engine: it reads the
 * encoded image bytes of {@code inputCol} (the {@code content} column of Spark's {@code binaryFile}
 * source by default), and adds {@code class_index}, {@code label}, {@code probability} and {@code
 * error} (null unless that row failed: an undecodable image, a failed prediction). Each executor
 * JVM loads the model once ({@link ExecutorModels}) and runs the rows of a partition in batches of
 * {@code batchSize}; the transformation is deterministic, so Spark may rerun a lost partition.
 */
public final class VulkanImageClassifier extends Transformer {
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

  private final String uid;

  /** The column of encoded image bytes. */
  private final Param<String> inputCol;

  /** The column carried into results and messages as the image's name (may be absent). */
  private final Param<String> pathCol;

  /** A zoo model name or a model file's path. */
  private final Param<String> model;

  /** The zoo model's precision ("" for its default). */
  private final Param<String> precision;

  /** The zoo model's format, onnx or pte ("" for onnx). */
  private final Param<String> format;

  /** The labels file ("" for the zoo's). */
  private final Param<String> synset;

  /** Images per batchPredict. */
  private final IntParam batchSize;

  /** Classes listed per row in {@code top_classes} (1: no such column). */
  private final IntParam topK;

  /** The GPU index, or -1 for the task's GPU resource or the default device. */
  private final IntParam device;

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
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "column of encoded image bytes");
    pathCol = new Param<>(this, "pathCol", "column naming each image (optional)");
    model = new Param<>(this, "model", "zoo model name or model file path");
    precision = new Param<>(this, "precision", "zoo model precision, empty for its default");
    format = new Param<>(this, "format", "zoo model format (onnx or pte), empty for onnx");
    synset = new Param<>(this, "synset", "labels file, empty for the zoo's");
    batchSize = new IntParam(this, "batchSize", "images per batchPredict", ParamValidators.gtEq(1));
    setDefault(inputCol, "content");
    setDefault(pathCol, "path");
    setDefault(model, "mobilenetv2");
    setDefault(precision, "");
    setDefault(format, "");
    setDefault(synset, "");
    topK = new IntParam(this, "topK", "classes per row in top_classes", ParamValidators.gtEq(1));
    device = new IntParam(this, "device", "GPU index, -1 for the task's", ParamValidators.gtEq(-1));
    setDefault(batchSize, 32);
    setDefault(topK, 1);
    setDefault(device, -1);
  }

  /** Returns the parameter: the column of encoded image bytes (default {@code content}). */
  public Param<String> inputCol() {
    return inputCol;
  }

  /** Returns the parameter: the column naming each image (default {@code path}; may be absent). */
  public Param<String> pathCol() {
    return pathCol;
  }

  /**
   * Returns the parameter: the model: a zoo model name (default mobilenetv2) or a model file path.
   */
  public Param<String> model() {
    return model;
  }

  /** Returns the parameter: the zoo model's precision (empty: its default). */
  public Param<String> precision() {
    return precision;
  }

  /** Returns the parameter: the zoo model's format, onnx or pte (empty: onnx). */
  public Param<String> format() {
    return format;
  }

  /** Returns the parameter: the labels file (empty: the zoo's). */
  public Param<String> synset() {
    return synset;
  }

  /** Returns the parameter: images per batchPredict (default 32). */
  public IntParam batchSize() {
    return batchSize;
  }

  /** Returns the parameter: classes per row in {@code top_classes} (default 1: no column). */
  public IntParam topK() {
    return topK;
  }

  /** Returns the parameter: the GPU index (default -1: the task's GPU resource, or the default). */
  public IntParam device() {
    return device;
  }

  /** Sets the classes listed per row; above 1 adds the {@code top_classes} column. */
  public VulkanImageClassifier setTopK(int value) {
    set(topK, value);
    return this;
  }

  /** Sets the GPU index (-1: the task's GPU resource, or the default device). */
  public VulkanImageClassifier setDevice(int value) {
    set(device, value);
    return this;
  }

  /** Sets the model: a zoo name or a file path. */
  public VulkanImageClassifier setModel(String value) {
    set(model, value);
    return this;
  }

  /** Sets the zoo model's precision. */
  public VulkanImageClassifier setPrecision(String value) {
    set(precision, value);
    return this;
  }

  /** Sets the zoo model's format. */
  public VulkanImageClassifier setFormat(String value) {
    set(format, value);
    return this;
  }

  /** Sets the labels file. */
  public VulkanImageClassifier setSynset(String value) {
    set(synset, value);
    return this;
  }

  /** Sets the images per batchPredict. */
  public VulkanImageClassifier setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  /** Sets the column of encoded image bytes. */
  public VulkanImageClassifier setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  /** Sets the column naming each image. */
  public VulkanImageClassifier setPathCol(String value) {
    set(pathCol, value);
    return this;
  }

  /** Returns the model these parameters name. */
  public ModelSpec spec() {
    return new ModelSpec(
        $(model),
        blankToNull($(precision)),
        blankToNull($(format)),
        blankToNull($(synset)),
        ModelSpec.VULKAN,
        (Integer) $(device));
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StructField in = schema.apply($(inputCol));
    if (!in.dataType().equals(DataTypes.BinaryType)) {
      throw new IllegalArgumentException(
          "column " + $(inputCol) + " must hold image bytes (binary), it is " + in.dataType());
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
    int content = in.fieldIndex($(inputCol));
    int path = List.of(in.fieldNames()).indexOf($(pathCol));
    ModelSpec spec = spec();
    int batch = (Integer) $(batchSize);
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
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return results.hasNext();
      }

      @Override
      public Row next() {
        ImageResult res = results.next();
        Row r = pending.remove(0);
        Object[] values = new Object[r.length() + (topK > 1 ? 5 : 4)];
        for (int i = 0; i < r.length(); i++) {
          values[i] = r.get(i);
        }
        values[r.length()] = res.classIndex();
        values[r.length() + 1] = res.label();
        values[r.length() + 2] = res.probability();
        values[r.length() + 3] = res.error();
        if (topK > 1) {
          List<Row> top = new ArrayList<>();
          res.top().forEach(t -> top.add(RowFactory.create(t.index(), t.label(), t.probability())));
          values[r.length() + 4] =
              res.error() == null ? CollectionConverters.asScala(top).toSeq() : null;
        }
        return RowFactory.create(values);
      }
    };
  }

  @Override
  public VulkanImageClassifier copy(ParamMap extra) {
    return (VulkanImageClassifier) defaultCopy(extra);
  }
}
