package org.djlvulkan.cli.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How fast each kernel computed its products in the profiled run: per kernel that reports
 * multiply-adds (the convolutions and GEMMs), its dispatches, GPU time, multiply-adds and tera
 * operations per second (two per multiply-add), and, given the device's peak, the share of it. Read
 * from the engine's profile lines ({@code index op kernel<TAB>micros<TAB>multiplyAdds}).
 *
 * @param rows one per kernel, most time first
 */
public record ProductThroughput(List<Row> rows) {

  /**
   * One kernel's products.
   *
   * @param kernel the kernel's name
   * @param dispatches how many of its dispatches ran
   * @param micros their GPU time in microseconds
   * @param multiplyAdds their multiply-adds
   */
  public record Row(String kernel, int dispatches, double micros, long multiplyAdds) {
    /** Returns tera operations per second (two per multiply-add), NaN without time. */
    public double teraOps() {
      return micros > 0 ? 2.0 * multiplyAdds / micros / 1e6 : Double.NaN;
    }
  }

  /** Copies the rows. */
  public ProductThroughput {
    rows = List.copyOf(rows);
  }

  /**
   * Sums the profile's lines per kernel, keeping the kernels that report multiply-adds.
   *
   * @param profile the engine's profile lines
   * @return the rows, most time first
   */
  public static ProductThroughput of(List<String> profile) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (String line : profile) {
      String[] tabs = line.trim().split("\t");
      String[] words = tabs[0].trim().split("\\s+");
      if (tabs.length < 3 || words.length < 3) {
        continue;
      }
      long macs;
      double micros;
      try {
        micros = Double.parseDouble(tabs[1].trim());
        macs = Long.parseLong(tabs[2].trim());
      } catch (NumberFormatException e) {
        continue;
      }
      if (macs <= 0) {
        continue;
      }
      double[] s = sums.computeIfAbsent(words[2], k -> new double[3]);
      s[0]++;
      s[1] += micros;
      s[2] += macs;
    }
    List<Row> rows = new ArrayList<>();
    sums.forEach((k, s) -> rows.add(new Row(k, (int) s[0], s[1], (long) s[2])));
    rows.sort(Comparator.comparingDouble(Row::micros).reversed());
    return new ProductThroughput(rows);
  }

  /**
   * Returns the table, with each kernel's share of {@code peakTeraOps} when given; empty when no
   * kernel reported multiply-adds.
   *
   * @param peakTeraOps the device's peak for the model's number format, in tera operations/s
   * @return the text
   */
  public String text(OptionalDouble peakTeraOps) {
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    sb.append("products (last run): kernel | dispatches | GPU us | G multiply-adds | TOPS");
    sb.append(peakTeraOps.isPresent() ? " | % of peak\n" : "\n");
    double micros = 0;
    long macs = 0;
    for (Row r : rows) {
      line(sb, r.kernel(), r.dispatches(), r.micros(), r.multiplyAdds(), peakTeraOps);
      micros += r.micros();
      macs += r.multiplyAdds();
    }
    int dispatches = rows.stream().mapToInt(Row::dispatches).sum();
    line(sb, "all products", dispatches, micros, macs, peakTeraOps);
    if (peakTeraOps.isPresent()) {
      sb.append(
          String.format(Locale.ROOT, "  (peak given: %.1f TOPS)%n", peakTeraOps.getAsDouble()));
    }
    return sb.toString();
  }

  private static void line(
      StringBuilder sb,
      String kernel,
      int dispatches,
      double micros,
      long macs,
      OptionalDouble peak) {
    double tops = new Row(kernel, dispatches, micros, macs).teraOps();
    sb.append(
        String.format(
            Locale.ROOT,
            "  %-32s %5d %10.1f %10.3f %8.2f",
            kernel,
            dispatches,
            micros,
            macs / 1e9,
            tops));
    if (peak.isPresent()) {
      sb.append(String.format(Locale.ROOT, " %6.1f%%", 100 * tops / peak.getAsDouble()));
    }
    sb.append('\n');
  }
}
