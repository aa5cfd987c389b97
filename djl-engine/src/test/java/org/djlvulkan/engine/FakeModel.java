package org.djlvulkan.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelTensor;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.model.TensorInfo;

/**
 * An {@link InferenceModel} computed in Java, standing in for an imported file: it records what its
 * sessions receive, notices a session used by two threads at once, and counts what is opened and
 * closed.
 */
final class FakeModel implements InferenceModel {
  private final List<TensorInfo> inputs;
  private final List<TensorInfo> outputs;
  private final Function<List<HostTensor>, List<HostTensor>> compute;
  private final List<List<HostTensor>> received = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger sessionsOpened = new AtomicInteger();
  final AtomicInteger sessionsClosed = new AtomicInteger();
  final AtomicBoolean sharedSessionSeen = new AtomicBoolean();
  volatile boolean closed;

  FakeModel(
      List<TensorInfo> inputs,
      List<TensorInfo> outputs,
      Function<List<HostTensor>, List<HostTensor>> compute) {
    this.inputs = inputs;
    this.outputs = outputs;
    this.compute = compute;
  }

  /** Returns the inputs of every run so far, in order. */
  List<List<HostTensor>> received() {
    synchronized (received) {
      return new ArrayList<>(received);
    }
  }

  @Override
  public List<TensorInfo> inputs() {
    return List.copyOf(inputs);
  }

  @Override
  public List<TensorInfo> outputs() {
    return List.copyOf(outputs);
  }

  /** Pretends the weights take this many device bytes. */
  static final long WEIGHT_BYTES = 4096;

  /** Pretends every session's activations take this many device bytes. */
  static final long ACTIVATION_BYTES = 512;

  /** The profile every run reports. */
  static final List<NodeTiming> PROFILE =
      List.of(
          new NodeTiming(0, "aten.convolution.default", "conv2d_pw", 12.5, 3000),
          new NodeTiming(1, "aten.relu.default", "relu", 0.25));

  @Override
  public long weightBytes() {
    return WEIGHT_BYTES;
  }

  @Override
  public InferenceSession newSession() {
    if (closed) {
      throw new IllegalStateException("model closed");
    }
    sessionsOpened.incrementAndGet();
    return new Session();
  }

  @Override
  public void close() {
    closed = true;
  }

  private final class Session implements InferenceSession {
    private final AtomicBoolean running = new AtomicBoolean();
    private boolean sessionClosed;

    @Override
    public List<HostTensor> run(List<? extends ModelTensor> fed) {
      List<HostTensor> in = fed.stream().map(ModelTensor::toHost).toList();
      if (!running.compareAndSet(false, true)) {
        sharedSessionSeen.set(true);
      }
      try {
        for (int i = 0; i < in.size(); i++) {
          if (in.get(i).type() != inputs.get(i).type()) {
            throw new IllegalArgumentException("input " + inputs.get(i).name() + " type");
          }
        }
        received.add(in);
        Thread.yield();
        return compute.apply(in);
      } finally {
        running.set(false);
      }
    }

    @Override
    public List<NodeTiming> lastProfile() {
      return PROFILE;
    }

    @Override
    public long activationBytes() {
      return ACTIVATION_BYTES;
    }

    @Override
    public void close() {
      if (!sessionClosed) {
        sessionClosed = true;
        sessionsClosed.incrementAndGet();
      }
    }
  }
}
