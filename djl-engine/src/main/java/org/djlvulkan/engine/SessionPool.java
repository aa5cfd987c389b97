package org.djlvulkan.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelTensor;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.model.RunTiming;

/**
 * The sessions of one model, shared by the threads that run it: a run takes an idle session (or
 * opens one), so no session is used by two threads at once and there are as many sessions as
 * concurrent runs (one per {@code Predictor} thread in usual use).
 */
final class SessionPool implements AutoCloseable {
  private final InferenceModel model;
  private final Deque<InferenceSession> idle = new ArrayDeque<>();
  private final ThreadLocal<List<NodeTiming>> lastProfile = ThreadLocal.withInitial(List::of);
  private final ThreadLocal<RunTiming> lastTiming = ThreadLocal.withInitial(() -> RunTiming.NONE);
  private int opened;
  private long peakActivationBytes;
  private boolean closed;

  SessionPool(InferenceModel model) {
    this.model = model;
  }

  /**
   * Runs the model on a session no other thread is using.
   *
   * @param inputs one tensor per model input
   * @param outputsOnDevice whether to keep the outputs in device memory where the device can
   *     ({@link InferenceSession#runWithDeviceOutputs})
   * @return one tensor per model output; the caller closes those in device memory
   */
  List<ModelTensor> run(List<? extends ModelTensor> inputs, boolean outputsOnDevice) {
    InferenceSession session = acquire();
    try {
      List<ModelTensor> outputs =
          outputsOnDevice ? session.runWithDeviceOutputs(inputs) : List.copyOf(session.run(inputs));
      lastProfile.set(session.lastProfile());
      lastTiming.set(session.lastTiming());
      notePeak(session.activationBytes());
      return outputs;
    } finally {
      release(session);
    }
  }

  /** Returns the per-node GPU times of the calling thread's last run (empty unless profiling). */
  List<NodeTiming> lastProfile() {
    return lastProfile.get();
  }

  /** Returns where the time of the calling thread's last run went. */
  RunTiming lastTiming() {
    return lastTiming.get();
  }

  /** Returns the most device bytes one session's activations and staging have taken so far. */
  synchronized long peakActivationBytes() {
    return peakActivationBytes;
  }

  private synchronized void notePeak(long bytes) {
    peakActivationBytes = Math.max(peakActivationBytes, bytes);
  }

  /** Returns how many sessions the pool has opened. */
  synchronized int sessionCount() {
    return opened;
  }

  private InferenceSession acquire() {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the model is closed");
      }
      InferenceSession session = idle.pollFirst();
      if (session != null) {
        return session;
      }
    }
    // Opening a session allocates and records on the device: not under the lock.
    InferenceSession session = model.newSession();
    synchronized (this) {
      opened++;
    }
    return session;
  }

  private synchronized void release(InferenceSession session) {
    if (closed) {
      session.close();
    } else {
      idle.push(session);
    }
  }

  /** Closes the idle sessions; sessions still running close when their run ends. */
  @Override
  public synchronized void close() {
    closed = true;
    idle.forEach(InferenceSession::close);
    idle.clear();
  }
}
