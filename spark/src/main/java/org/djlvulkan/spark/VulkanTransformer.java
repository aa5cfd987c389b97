package org.djlvulkan.spark;

import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.djlvulkan.zoo.ImageResize;

/**
 * What the Vulkan transformers share: the input column, the model (zoo name or file, precision,
 * format), the batch size and the device, and the {@link ModelSpec} they make.
 *
 * @param <T> the transformer, so that setters chain
 */
public abstract class VulkanTransformer<T extends VulkanTransformer<T>> extends Transformer {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> model;
  private final Param<String> precision;
  private final Param<String> format;
  private final IntParam batchSize;
  private final IntParam device;

  /**
   * Declares the shared parameters.
   *
   * @param uid the transformer's uid
   * @param defaultInput the input column's default name
   * @param inputDoc what the input column holds
   */
  protected VulkanTransformer(String uid, String defaultInput, String inputDoc) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", inputDoc);
    model = new Param<>(this, "model", "zoo model name or model file path");
    precision = new Param<>(this, "precision", "zoo model precision, empty for its default");
    format = new Param<>(this, "format", "zoo model format (onnx or pte), empty for onnx");
    batchSize = new IntParam(this, "batchSize", "rows per prediction", ParamValidators.gtEq(1));
    device = new IntParam(this, "device", "GPU index, -1 for the task's", ParamValidators.gtEq(-1));
    setDefault(inputCol, defaultInput);
    setDefault(precision, "");
    setDefault(format, "");
    setDefault(batchSize, 32);
    setDefault(device, -1);
  }

  /** Returns this transformer as its own type. */
  protected abstract T self();

  @Override
  public String uid() {
    return uid;
  }

  /** Returns the parameter: the input column. */
  public Param<String> inputCol() {
    return inputCol;
  }

  /** Returns the parameter: a zoo model name or a model file's path. */
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

  /** Returns the parameter: rows per prediction (default 32). */
  public IntParam batchSize() {
    return batchSize;
  }

  /** Returns the parameter: the GPU index (default -1: the task's GPU resource, or the default). */
  public IntParam device() {
    return device;
  }

  /** Sets the input column. */
  public T setInputCol(String value) {
    set(inputCol, value);
    return self();
  }

  /** Sets the model: a zoo name or a file path. */
  public T setModel(String value) {
    set(model, value);
    return self();
  }

  /** Sets the zoo model's precision. */
  public T setPrecision(String value) {
    set(precision, value);
    return self();
  }

  /** Sets the zoo model's format. */
  public T setFormat(String value) {
    set(format, value);
    return self();
  }

  /** Sets the rows per prediction. */
  public T setBatchSize(int value) {
    set(batchSize, value);
    return self();
  }

  /** Sets the GPU index (-1: the task's GPU resource, or the default device). */
  public T setDevice(int value) {
    set(device, value);
    return self();
  }

  /**
   * Returns the model these parameters name.
   *
   * @param synset the labels file, or empty
   * @return the spec
   */
  protected ModelSpec spec(String synset) {
    if (!isDefined(model)) {
      throw new IllegalArgumentException("the model parameter is not set");
    }
    return new ModelSpec(
        $(model),
        blankToNull($(precision)),
        blankToNull($(format)),
        blankToNull(synset),
        ModelSpec.VULKAN,
        (Integer) $(device),
        ImageResize.HOST);
  }

  /** Returns the batch size as set. */
  protected int batch() {
    return (Integer) $(batchSize);
  }

  /**
   * Returns each input row extended with its result's columns, in order: {@code pending} holds the
   * rows read so far whose results have not come yet (the results come in input order).
   *
   * @param <R> the result type
   * @param results the partition's results
   * @param pending the rows read and not yet returned, oldest first
   * @param columns a result's added column values
   * @return the extended rows
   */
  protected static <R> Iterator<Row> extendRows(
      Iterator<R> results, List<Row> pending, Function<R, Object[]> columns) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return results.hasNext();
      }

      @Override
      public Row next() {
        R res = results.next();
        Row r = pending.remove(0);
        Object[] extra = columns.apply(res);
        Object[] values = new Object[r.length() + extra.length];
        for (int i = 0; i < r.length(); i++) {
          values[i] = r.get(i);
        }
        System.arraycopy(extra, 0, values, r.length(), extra.length);
        return RowFactory.create(values);
      }
    };
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
