package org.djlvulkan.cli.models;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import org.djlvulkan.cli.CliException;
import org.djlvulkan.cli.ParsedOptions;

/** Loads a model for a command, turning every failure into one {@link CliException} line. */
public final class ModelLoading {
  /** The engine the commands use unless {@code --engine} says otherwise. */
  public static final String DEFAULT_ENGINE = "Vulkan";

  /** The usage line of the {@code --engine} option, for the commands that take it. */
  public static final String ENGINE_USAGE =
      "  --engine NAME         the DJL engine (default " + DEFAULT_ENGINE + ")\n";

  private ModelLoading() {}

  /**
   * Returns the engine a command's {@code --engine} option names ({@link #DEFAULT_ENGINE} without
   * it), after checking that it is on the class path.
   *
   * @param options the command's parsed options (declaring {@code --engine})
   * @return the engine name
   * @throws CliException naming the engine and the engines there are
   */
  public static String engine(ParsedOptions options) {
    String engine = options.value("--engine").orElse(DEFAULT_ENGINE);
    requireEngine(engine);
    return engine;
  }

  /**
   * Fails unless a DJL engine is on the class path.
   *
   * @param engine the engine name
   * @throws CliException naming the engine and the engines there are
   */
  public static void requireEngine(String engine) {
    if (!Engine.hasEngine(engine)) {
      throw new CliException(
          "the DJL engine '"
              + engine
              + "' is not on the class path; engines found: "
              + Engine.getAllEngines());
    }
  }

  /**
   * Loads a model.
   *
   * @param criteria the criteria, with their engine set
   * @param label how the message names the model
   * @param <I> the input type
   * @param <O> the output type
   * @return the model; the caller closes it
   * @throws CliException when the engine is missing or the model cannot be found, fetched or loaded
   */
  public static <I, O> ZooModel<I, O> load(Criteria<I, O> criteria, String label) {
    requireEngine(criteria.getEngine());
    try {
      return criteria.loadModel();
    } catch (ModelNotFoundException e) {
      throw new CliException("cannot find " + label + ": " + rootMessage(e), e);
    } catch (MalformedModelException e) {
      throw new CliException("cannot load " + label + ": " + rootMessage(e), e);
    } catch (IOException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  /** Returns the message of the deepest cause that has one. */
  static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message;
  }
}
