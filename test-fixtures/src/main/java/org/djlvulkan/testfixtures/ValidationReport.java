package org.djlvulkan.testfixtures;

import java.util.List;

/** Turns the Khronos validation layer's messages of one test into that test's failure. */
public final class ValidationReport {
  private ValidationReport() {}

  /**
   * Fails the test when the layer reported errors during it.
   *
   * @param errors the error messages collected during the test
   * @param testName the test's display name, for the failure message
   * @throws AssertionError listing every error, when there is one
   */
  public static void failOnErrors(List<String> errors, String testName) {
    if (!errors.isEmpty()) {
      throw new AssertionError(
          "Vulkan validation reported "
              + errors.size()
              + " error(s) in "
              + testName
              + ":\n"
              + String.join("\n", errors));
    }
  }
}
