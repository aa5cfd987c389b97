package org.djlvulkan.cli;

/** The command line is wrong: an unknown command or option, a missing or bad value (exit 2). */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, one line
   */
  public UsageException(String message) {
    super(message);
  }
}
