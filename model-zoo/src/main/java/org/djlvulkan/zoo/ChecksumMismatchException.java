package org.djlvulkan.zoo;

import java.io.IOException;

/** A downloaded file's SHA-256 differs from the published one; the file was not kept. */
public final class ChecksumMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the URL, the expected and the actual checksum
   */
  public ChecksumMismatchException(String message) {
    super(message);
  }
}
