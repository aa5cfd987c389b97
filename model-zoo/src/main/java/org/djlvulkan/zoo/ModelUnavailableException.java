package org.djlvulkan.zoo;

import java.io.IOException;

/**
 * A zoo file is in neither the mirror nor the cache, and could not be downloaded (offline mode, no
 * network, an HTTP error, a checksum mismatch). The message says how to set the mirror.
 */
public final class ModelUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is missing, why it could not be fetched, and how to set the mirror
   * @param cause the download failure, or null
   */
  public ModelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
