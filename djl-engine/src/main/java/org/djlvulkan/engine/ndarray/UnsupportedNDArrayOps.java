package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrayAdapter;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.charset.Charset;

/**
 * The {@link NDArray} operations that {@link NDArrayAdapter} rejects with an anonymous message
 * (gradients, strings, scatter/gather by index arrays, FFTs, complex numbers): here each throws an
 * {@link UnsupportedOperationException} naming itself. The operations the adapter hands to DJL's
 * alternative engine name themselves through {@link Unsupported#alternativeManager()}.
 */
abstract class UnsupportedNDArrayOps extends NDArrayAdapter {

  UnsupportedNDArrayOps(
      NDManager manager, NDManager alternativeManager, Shape shape, DataType dataType, String uid) {
    super(manager, alternativeManager, shape, dataType, uid);
  }

  @Override
  public void setRequiresGradient(boolean requiresGrad) {
    throw Unsupported.operation("NDArray.setRequiresGradient");
  }

  @Override
  public NDArray getGradient() {
    throw Unsupported.operation("NDArray.getGradient");
  }

  @Override
  public NDArray stopGradient() {
    throw Unsupported.operation("NDArray.stopGradient");
  }

  @Override
  public String[] toStringArray(Charset charset) {
    throw Unsupported.operation("NDArray.toStringArray");
  }

  @Override
  public NDArray take(NDManager manager, NDArray index) {
    throw Unsupported.operation("NDArray.take");
  }

  @Override
  public NDArray put(NDArray index, NDArray value) {
    throw Unsupported.operation("NDArray.put");
  }

  @Override
  public NDArray scatter(NDArray index, NDArray value, int axis) {
    throw Unsupported.operation("NDArray.scatter");
  }

  @Override
  public NDArray batchMatMul(NDArray other) {
    throw Unsupported.operation("NDArray.batchMatMul");
  }

  @Override
  public NDArray xlogy(NDArray other) {
    throw Unsupported.operation("NDArray.xlogy");
  }

  @Override
  public NDArray diff(int n, int dim) {
    throw Unsupported.operation("NDArray.diff");
  }

  @Override
  public NDArray pad(Shape padding, double value) {
    throw Unsupported.operation("NDArray.pad");
  }

  @Override
  public NDList unique(Integer dim, boolean sorted, boolean returnInverse, boolean returnCounts) {
    throw Unsupported.operation("NDArray.unique");
  }

  @Override
  public NDArray fft(long length, long axis) {
    throw Unsupported.operation("NDArray.fft");
  }

  @Override
  public NDArray ifft(long length, long axis) {
    throw Unsupported.operation("NDArray.ifft");
  }

  @Override
  public NDArray rfft(long length, long axis) {
    throw Unsupported.operation("NDArray.rfft");
  }

  @Override
  public NDArray irfft(long length, long axis) {
    throw Unsupported.operation("NDArray.irfft");
  }

  @Override
  public NDArray fft2(long[] sizes, long[] axes) {
    throw Unsupported.operation("NDArray.fft2");
  }

  @Override
  public NDArray ifft2(long[] sizes, long[] axes) {
    throw Unsupported.operation("NDArray.ifft2");
  }

  @Override
  public NDArray stft(
      long nFft,
      long hopLength,
      boolean center,
      NDArray window,
      boolean normalize,
      boolean returnComplex) {
    throw Unsupported.operation("NDArray.stft");
  }

  @Override
  public NDArray complex() {
    throw Unsupported.operation("NDArray.complex");
  }

  @Override
  public NDArray real() {
    throw Unsupported.operation("NDArray.real");
  }

  @Override
  public NDArray conj() {
    throw Unsupported.operation("NDArray.conj");
  }
}
