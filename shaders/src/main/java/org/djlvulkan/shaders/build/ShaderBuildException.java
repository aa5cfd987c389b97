package org.djlvulkan.shaders.build;

/** A shader build failure: a bad manifest, a GLSL error, or a module the index cannot describe. */
public final class ShaderBuildException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong, ready to print
   */
  public ShaderBuildException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what went wrong, ready to print
   * @param cause the underlying failure
   */
  public ShaderBuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
