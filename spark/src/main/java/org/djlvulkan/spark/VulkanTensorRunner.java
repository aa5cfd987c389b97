package org.djlvulkan.spark;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Spark ML {@code Transformer} that runs any model the engine loads on float arrays: each row of
 * {@code inputCol} (array of float or double) is one sample of {@code inputShape} (without the
 * batch dimension), and the row gets the model's first output for it, flattened, in {@code output}
 * ({@code error} says why a row has none). Batching, the one model per executor JVM and the device
 * choice are those of {@link VulkanImageClassifier}.
 */
public final class VulkanTensorRunner extends Transformer {
  private static final long serialVersionUID = 1L;

  /** The output column. */
  public static final String OUTPUT = "output";

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> inputShape;
  private final Param<String> model;
  private final Param<String> precision;
  private final Param<String> format;
  private final IntParam batchSize;
  private final IntParam device;

  /** Creates a runner with a random uid. */
  public VulkanTensorRunner() {
    this(Identifiable$.MODULE$.randomUID("vulkanTensorRunner"));
  }

  /**
   * Creates a runner.
   *
   * @param uid its uid
   */
  public VulkanTensorRunner(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "column of float arrays, one sample each");
    inputShape = new Param<>(this, "inputShape", "one sample's shape, e.g. 3,224,224");
    model = new Param<>(this, "model", "zoo model name or model file path");
    precision = new Param<>(this, "precision", "zoo model precision, empty for its default");
    format = new Param<>(this, "format", "zoo model format (onnx or pte), empty for onnx");
    batchSize = new IntParam(this, "batchSize", "samples per prediction", ParamValidators.gtEq(1));
    device = new IntParam(this, "device", "GPU index, -1 for the task's", ParamValidators.gtEq(-1));
    setDefault(inputCol, "features");
    setDefault(inputShape, "3,224,224");
    setDefault(precision, "");
    setDefault(format, "");
    setDefault(batchSize, 32);
    setDefault(device, -1);
  }

  /** Returns the parameter: the column of float arrays (default {@code features}). */
  public Param<String> inputCol() {
    return inputCol;
  }

  /** Returns the parameter: one sample's shape, comma-separated (default 3,224,224). */
  public Param<String> inputShape() {
    return inputShape;
  }

  /** Returns the parameter: a zoo model name or a model file's path. */
  public Param<String> model() {
    return model;
  }

  /** Returns the parameter: the zoo model's precision (empty: its default). */
  public Param<String> precision() {
    return precision;
  }

  /** Returns the parameter: the zoo model's format (empty: onnx). */
  public Param<String> format() {
    return format;
  }

  /** Returns the parameter: samples per prediction (default 32). */
  public IntParam batchSize() {
    return batchSize;
  }

  /** Returns the parameter: the GPU index (default -1: the task's GPU resource, or the default). */
  public IntParam device() {
    return device;
  }

  /** Sets the model. */
  public VulkanTensorRunner setModel(String value) {
    set(model, value);
    return this;
  }

  /** Sets the zoo model's precision. */
  public VulkanTensorRunner setPrecision(String value) {
    set(precision, value);
    return this;
  }

  /** Sets the input column. */
  public VulkanTensorRunner setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  /** Sets one sample's shape, e.g. {@code 3,224,224}. */
  public VulkanTensorRunner setInputShape(String value) {
    set(inputShape, value);
    return this;
  }

  /** Sets the samples per prediction. */
  public VulkanTensorRunner setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  private long[] shape() {
    try {
      long[] s =
          Arrays.stream($(inputShape).split(","))
              .mapToLong(x -> Long.parseLong(x.trim()))
              .toArray();
      if (s.length == 0 || Arrays.stream(s).anyMatch(d -> d < 1)) {
        throw new NumberFormatException();
      }
      return s;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "inputShape '" + $(inputShape) + "' is not a list of positive sizes like 3,224,224");
    }
  }

  @Override
  public StructType transformSchema(StructType schema) {
    shape();
    if (!isDefined(model)) {
      throw new IllegalArgumentException("the model parameter is not set");
    }
    var type = schema.apply($(inputCol)).dataType();
    boolean numeric =
        type instanceof ArrayType a
            && (a.elementType().equals(DataTypes.FloatType)
                || a.elementType().equals(DataTypes.DoubleType));
    if (!numeric) {
      throw new IllegalArgumentException(
          "column " + $(inputCol) + " must hold float or double arrays, it is " + type);
    }
    return schema
        .add(OUTPUT, DataTypes.createArrayType(DataTypes.FloatType, false), true)
        .add(VulkanImageClassifier.ERROR, DataTypes.StringType, true);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    int column = dataset.schema().fieldIndex($(inputCol));
    long[] shape = shape();
    ModelSpec spec =
        new ModelSpec(
            $(model),
            $(precision).isEmpty() ? null : $(precision),
            $(format).isEmpty() ? null : $(format),
            null,
            ModelSpec.VULKAN,
            (Integer) $(device));
    int batch = (Integer) $(batchSize);
    return dataset
        .toDF()
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>) rows -> runRows(rows, column, spec, shape, batch),
            Encoders.row(out));
  }

  private static Iterator<Row> runRows(
      Iterator<Row> rows, int column, ModelSpec spec, long[] shape, int batch) {
    List<Row> pending = new ArrayList<>();
    Iterator<float[]> samples =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return rows.hasNext();
          }

          @Override
          public float[] next() {
            Row r = rows.next();
            pending.add(r);
            if (r.isNullAt(column)) {
              return null;
            }
            List<Object> values = r.getList(column);
            float[] f = new float[values.size()];
            for (int i = 0; i < f.length; i++) {
              f[i] = ((Number) values.get(i)).floatValue();
            }
            return f;
          }
        };
    Iterator<TensorPartitionRunner.Result> results =
        TensorPartitionRunner.run(samples, spec, shape, batch);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return results.hasNext();
      }

      @Override
      public Row next() {
        TensorPartitionRunner.Result res = results.next();
        Row r = pending.remove(0);
        Object[] values = new Object[r.length() + 2];
        for (int i = 0; i < r.length(); i++) {
          values[i] = r.get(i);
        }
        if (res.output() != null) {
          List<Float> o = new ArrayList<>(res.output().length);
          for (float v : res.output()) {
            o.add(v);
          }
          values[r.length()] = CollectionConverters.asScala(o).toSeq();
        }
        values[r.length() + 1] = res.error();
        return RowFactory.create(values);
      }
    };
  }

  @Override
  public VulkanTensorRunner copy(ParamMap extra) {
    return (VulkanTensorRunner) defaultCopy(extra);
  }
}
