package org.djlvulkan.engine.ndarray;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;
import java.nio.Buffer;
import java.nio.file.Path;

/**
 * The {@link NDManager} operations the Vulkan engine does not run on the host (sparse arrays,
 * random numbers, loading parameter files, engine-specific operators): each throws an {@link
 * UnsupportedOperationException} that names it, where {@link BaseNDManager} says only "Not
 * supported!".
 */
abstract class UnsupportedNDManagerOps extends BaseNDManager {

  UnsupportedNDManagerOps(NDManager parent, Device device) {
    super(parent, device);
  }

  @Override
  public NDArray createCSR(Buffer data, long[] indptr, long[] indices, Shape shape) {
    throw Unsupported.operation("NDManager.createCSR");
  }

  @Override
  public NDArray createRowSparse(Buffer data, Shape dataShape, long[] indices, Shape shape) {
    throw Unsupported.operation("NDManager.createRowSparse");
  }

  @Override
  public NDArray createCoo(Buffer data, long[][] indices, Shape shape) {
    throw Unsupported.operation("NDManager.createCoo");
  }

  @Override
  public NDList load(Path path) {
    throw Unsupported.operation("NDManager.load");
  }

  @Override
  public NDArray eye(int rows, int cols, int k, DataType dataType) {
    throw Unsupported.operation("NDManager.eye");
  }

  @Override
  public NDArray linspace(float start, float stop, int num, boolean endpoint) {
    throw Unsupported.operation("NDManager.linspace");
  }

  @Override
  public NDArray randomInteger(long low, long high, Shape shape, DataType dataType) {
    throw Unsupported.operation("NDManager.randomInteger");
  }

  @Override
  public NDArray randomPermutation(long n) {
    throw Unsupported.operation("NDManager.randomPermutation");
  }

  @Override
  public NDArray truncatedNormal(float loc, float scale, Shape shape, DataType dataType) {
    throw Unsupported.operation("NDManager.truncatedNormal");
  }

  @Override
  public NDArray randomMultinomial(int n, NDArray pValues) {
    throw Unsupported.operation("NDManager.randomMultinomial");
  }

  @Override
  public NDArray randomMultinomial(int n, NDArray pValues, Shape shape) {
    throw Unsupported.operation("NDManager.randomMultinomial");
  }

  @Override
  public NDArray sampleNormal(NDArray mu, NDArray sigma) {
    throw Unsupported.operation("NDManager.sampleNormal");
  }

  @Override
  public NDArray sampleNormal(NDArray mu, NDArray sigma, Shape shape) {
    throw Unsupported.operation("NDManager.sampleNormal");
  }

  @Override
  public NDArray samplePoisson(NDArray lam) {
    throw Unsupported.operation("NDManager.samplePoisson");
  }

  @Override
  public NDArray samplePoisson(NDArray lam, Shape shape) {
    throw Unsupported.operation("NDManager.samplePoisson");
  }

  @Override
  public NDArray sampleGamma(NDArray alpha, NDArray beta) {
    throw Unsupported.operation("NDManager.sampleGamma");
  }

  @Override
  public NDArray sampleGamma(NDArray alpha, NDArray beta, Shape shape) {
    throw Unsupported.operation("NDManager.sampleGamma");
  }

  @Override
  public NDList invoke(String operation, NDList src, PairList<String, ?> params) {
    throw Unsupported.operation("NDManager.invoke");
  }

  @Override
  public void invoke(String operation, NDArray[] src, NDArray[] dest, PairList<String, ?> params) {
    throw Unsupported.operation("NDManager.invoke");
  }
}
