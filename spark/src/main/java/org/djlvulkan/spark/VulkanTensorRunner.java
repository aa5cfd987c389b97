package org.djlvulkan.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
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
public final class VulkanTensorRunner extends VulkanTransformer<VulkanTensorRunner> {
  private static final long serialVersionUID = 1L;

  /** The output column. */
  public static final String OUTPUT = "output";

  private final Param<String> inputShape;

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
    super(uid, "features", "column of float arrays, one sample each");
    inputShape = new Param<>(this, "inputShape", "one sample's shape, e.g. 3,224,224");
    setDefault(inputShape, "3,224,224");
  }

  @Override
  protected VulkanTensorRunner self() {
    return this;
  }

  /** Returns the parameter: one sample's shape, comma-separated (default 3,224,224). */
  public Param<String> inputShape() {
    return inputShape;
  }

  /** Sets one sample's shape, e.g. {@code 3,224,224}. */
  public VulkanTensorRunner setInputShape(String value) {
    set(inputShape, value);
    return this;
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
    spec(null);
    var type = schema.apply($(inputCol())).dataType();
    boolean numeric =
        type instanceof ArrayType a
            && (a.elementType().equals(DataTypes.FloatType)
                || a.elementType().equals(DataTypes.DoubleType));
    if (!numeric) {
      throw new IllegalArgumentException(
          "column " + $(inputCol()) + " must hold float or double arrays, it is " + type);
    }
    return schema
        .add(OUTPUT, DataTypes.createArrayType(DataTypes.FloatType, false), true)
        .add(VulkanImageClassifier.ERROR, DataTypes.StringType, true);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    int column = dataset.schema().fieldIndex($(inputCol()));
    long[] shape = shape();
    ModelSpec spec = spec(null);
    int batch = batch();
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
    return extendRows(
        results,
        pending,
        res -> {
          Object output = null;
          if (res.output() != null) {
            List<Float> o = new ArrayList<>(res.output().length);
            for (float v : res.output()) {
              o.add(v);
            }
            output = CollectionConverters.asScala(o).toSeq();
          }
          return new Object[] {output, res.error()};
        });
  }

  @Override
  public VulkanTensorRunner copy(ParamMap extra) {
    return (VulkanTensorRunner) defaultCopy(extra);
  }
}
