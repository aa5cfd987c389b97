package org.djlvulkan.cli;

/** A failure the app reports as it is, in one {@code error:} line (exit 1). */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, one line
   */
  public CliException(String message) {
    this(message, null);
  }

  /**
   * Creates the exception with a cause (shown only with {@code DJL_VULKAN_DEBUG=1}).
   *
   * @param message what failed, one line
   * @param cause the underlying error
   */
  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
