package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.recurrent.RNN;
import java.util.List;

/**
 * The {@link NDArrayEx} operations the Vulkan engine's host NDArrays do not run (neural-network
 * layers, training updates, random augmentation): each throws an {@link
 * UnsupportedOperationException} that names it. Models run their layers on the device through
 * {@code VkSymbolBlock}, not through these.
 */
abstract class UnsupportedNDArrayEx implements NDArrayEx {

  @Override
  public NDArray rdivi(NDArray b) {
    throw Unsupported.operation("NDArrayEx.rdivi");
  }

  @Override
  public NDArray rmodi(NDArray b) {
    throw Unsupported.operation("NDArrayEx.rmodi");
  }

  @Override
  public NDArray rpowi(Number n) {
    throw Unsupported.operation("NDArrayEx.rpowi");
  }

  @Override
  public NDArray softPlus() {
    throw Unsupported.operation("NDArrayEx.softPlus");
  }

  @Override
  public NDArray softSign() {
    throw Unsupported.operation("NDArrayEx.softSign");
  }

  @Override
  public NDArray leakyRelu(float alpha) {
    throw Unsupported.operation("NDArrayEx.leakyRelu");
  }

  @Override
  public NDArray elu(float alpha) {
    throw Unsupported.operation("NDArrayEx.elu");
  }

  @Override
  public NDArray selu() {
    throw Unsupported.operation("NDArrayEx.selu");
  }

  @Override
  public NDArray gelu() {
    throw Unsupported.operation("NDArrayEx.gelu");
  }

  @Override
  public NDArray maxPool(Shape kernelShape, Shape stride, Shape padding, boolean ceilMode) {
    throw Unsupported.operation("NDArrayEx.maxPool");
  }

  @Override
  public NDArray globalMaxPool() {
    throw Unsupported.operation("NDArrayEx.globalMaxPool");
  }

  @Override
  public NDArray avgPool(
      Shape kernelShape, Shape stride, Shape padding, boolean ceilMode, boolean countIncludePad) {
    throw Unsupported.operation("NDArrayEx.avgPool");
  }

  @Override
  public NDArray globalAvgPool() {
    throw Unsupported.operation("NDArrayEx.globalAvgPool");
  }

  @Override
  public NDArray lpPool(
      float normType, Shape kernelShape, Shape stride, Shape padding, boolean ceilMode) {
    throw Unsupported.operation("NDArrayEx.lpPool");
  }

  @Override
  public NDArray globalLpPool(float normType) {
    throw Unsupported.operation("NDArrayEx.globalLpPool");
  }

  @Override
  public void adadeltaUpdate(
      NDList inputs,
      NDList weights,
      float weightDecay,
      float rescaleGrad,
      float clipGrad,
      float rho,
      float epsilon) {
    throw Unsupported.operation("NDArrayEx.adadeltaUpdate");
  }

  @Override
  public void adagradUpdate(
      NDList inputs,
      NDList weights,
      float learningRate,
      float weightDecay,
      float rescaleGrad,
      float clipGrad,
      float epsilon) {
    throw Unsupported.operation("NDArrayEx.adagradUpdate");
  }

  @Override
  public void adamUpdate(
      NDList inputs,
      NDList weights,
      float learningRate,
      float learningRateBiasCorrection,
      float weightDecay,
      float rescaleGrad,
      float clipGrad,
      float beta1,
      float beta2,
      float epsilon,
      boolean lazyUpdate,
      boolean adamw) {
    throw Unsupported.operation("NDArrayEx.adamUpdate");
  }

  @Override
  public void nagUpdate(
      NDList inputs,
      NDList weights,
      float learningRate,
      float weightDecay,
      float rescaleGrad,
      float clipGrad,
      float momentum) {
    throw Unsupported.operation("NDArrayEx.nagUpdate");
  }

  @Override
  public void rmspropUpdate(
      NDList inputs,
      NDList weights,
      float learningRate,
      float weightDecay,
      float rescaleGrad,
      float clipGrad,
      float rho,
      float momentum,
      float epsilon,
      boolean centered) {
    throw Unsupported.operation("NDArrayEx.rmspropUpdate");
  }

  @Override
  public void sgdUpdate(
      NDList inputs,
      NDList weights,
      float learningRate,
      float weightDecay,
      float rescaleGrad,
      float clipGrad,
      float momentum,
      boolean lazyUpdate) {
    throw Unsupported.operation("NDArrayEx.sgdUpdate");
  }

  @Override
  public NDList convolution(
      NDArray input,
      NDArray weight,
      NDArray bias,
      Shape stride,
      Shape padding,
      Shape dilation,
      int groups) {
    throw Unsupported.operation("NDArrayEx.convolution");
  }

  @Override
  public NDList deconvolution(
      NDArray input,
      NDArray weight,
      NDArray bias,
      Shape stride,
      Shape padding,
      Shape outPadding,
      Shape dilation,
      int groups) {
    throw Unsupported.operation("NDArrayEx.deconvolution");
  }

  @Override
  public NDList linear(NDArray input, NDArray weight, NDArray bias) {
    throw Unsupported.operation("NDArrayEx.linear");
  }

  @Override
  public NDList embedding(NDArray input, NDArray weight, SparseFormat sparseFormat) {
    throw Unsupported.operation("NDArrayEx.embedding");
  }

  @Override
  public NDList prelu(NDArray input, NDArray alpha) {
    throw Unsupported.operation("NDArrayEx.prelu");
  }

  @Override
  public NDList dropout(NDArray input, float rate, boolean training) {
    throw Unsupported.operation("NDArrayEx.dropout");
  }

  @Override
  public NDList layerNorm(
      NDArray input, Shape normalizedShape, NDArray gamma, NDArray beta, float eps) {
    throw Unsupported.operation("NDArrayEx.layerNorm");
  }

  @Override
  public NDList batchNorm(
      NDArray input,
      NDArray runningMean,
      NDArray runningVar,
      NDArray gamma,
      NDArray beta,
      int axis,
      float momentum,
      float eps,
      boolean training) {
    throw Unsupported.operation("NDArrayEx.batchNorm");
  }

  @Override
  public NDList rnn(
      NDArray input,
      NDArray state,
      NDList params,
      boolean hasBiases,
      int numLayers,
      RNN.Activation activation,
      double dropRate,
      boolean training,
      boolean bidirectional,
      boolean batchFirst) {
    throw Unsupported.operation("NDArrayEx.rnn");
  }

  @Override
  public NDList gru(
      NDArray input,
      NDArray state,
      NDList params,
      boolean hasBiases,
      int numLayers,
      double dropRate,
      boolean training,
      boolean bidirectional,
      boolean batchFirst) {
    throw Unsupported.operation("NDArrayEx.gru");
  }

  @Override
  public NDList lstm(
      NDArray input,
      NDList states,
      NDList params,
      boolean hasBiases,
      int numLayers,
      double dropRate,
      boolean training,
      boolean bidirectional,
      boolean batchFirst) {
    throw Unsupported.operation("NDArrayEx.lstm");
  }

  @Override
  public NDArray interpolation(long[] size, int mode, boolean alignCorners) {
    throw Unsupported.operation("NDArrayEx.interpolation");
  }

  @Override
  public NDArray randomFlipLeftRight() {
    throw Unsupported.operation("NDArrayEx.randomFlipLeftRight");
  }

  @Override
  public NDArray randomFlipTopBottom() {
    throw Unsupported.operation("NDArrayEx.randomFlipTopBottom");
  }

  @Override
  public NDArray randomBrightness(float brightness) {
    throw Unsupported.operation("NDArrayEx.randomBrightness");
  }

  @Override
  public NDArray randomHue(float hue) {
    throw Unsupported.operation("NDArrayEx.randomHue");
  }

  @Override
  public NDArray randomColorJitter(float brightness, float contrast, float saturation, float hue) {
    throw Unsupported.operation("NDArrayEx.randomColorJitter");
  }

  @Override
  public NDArray where(NDArray condition, NDArray other) {
    throw Unsupported.operation("NDArrayEx.where");
  }

  @Override
  public NDList multiBoxTarget(
      NDList inputs,
      float iouThreshold,
      float ignoreLabel,
      float negativeMiningRatio,
      float negativeMiningThreshold,
      int minNegativeSamples) {
    throw Unsupported.operation("NDArrayEx.multiBoxTarget");
  }

  @Override
  public NDList multiBoxPrior(
      List<Float> sizes, List<Float> ratios, List<Float> steps, List<Float> offsets, boolean clip) {
    throw Unsupported.operation("NDArrayEx.multiBoxPrior");
  }

  @Override
  public NDList multiBoxDetection(
      NDList inputs,
      boolean clip,
      float threshold,
      int backgroundId,
      float nmsThreshold,
      boolean forceSuppress,
      int nmsTopK) {
    throw Unsupported.operation("NDArrayEx.multiBoxDetection");
  }
}
