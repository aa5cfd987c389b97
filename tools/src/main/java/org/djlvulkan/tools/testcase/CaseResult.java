package org.djlvulkan.tools.testcase;

/**
 * The outcome of one test case.
 *
 * @param name the case's name
 * @param status passed, failed or skipped
 * @param maxDiff the largest {@code |actual - expected|} over all outputs that were compared
 * @param detail empty when passed; what did not match or what threw when failed; the exception's
 *     message when skipped
 */
public record CaseResult(String name, Status status, double maxDiff, String detail) {
  /** The outcome's kind. */
  public enum Status {
    /** Every output matched. */
    PASSED,
    /** An output did not match, or loading or running failed other than as unsupported. */
    FAILED,
    /** The importer reported the model as unsupported. */
    SKIPPED
  }

  /**
   * Returns a passed result.
   *
   * @param name the case
   * @param maxDiff the largest difference seen
   * @return the result
   */
  public static CaseResult passed(String name, double maxDiff) {
    return new CaseResult(name, Status.PASSED, maxDiff, "");
  }

  /**
   * Returns a failed result.
   *
   * @param name the case
   * @param maxDiff the largest difference seen
   * @param detail what went wrong
   * @return the result
   */
  public static CaseResult failed(String name, double maxDiff, String detail) {
    return new CaseResult(name, Status.FAILED, maxDiff, detail);
  }

  /**
   * Returns a skipped result.
   *
   * @param name the case
   * @param reason the unsupported-model message
   * @return the result
   */
  public static CaseResult skipped(String name, String reason) {
    return new CaseResult(name, Status.SKIPPED, 0, reason);
  }

  /**
   * Returns the report line: {@code PASSED name (max diff D)}, {@code FAILED name (max diff D):
   * detail} or {@code SKIPPED name: reason}.
   */
  public String line() {
    switch (status) {
      case PASSED:
        return "PASSED  " + name + " (max diff " + maxDiff + ")";
      case FAILED:
        return "FAILED  " + name + " (max diff " + maxDiff + "): " + detail;
      default:
        return "SKIPPED " + name + ": " + detail;
    }
  }
}
