package org.djlvulkan.backend.passes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.djlvulkan.backend.ir.TensorData;

/**
 * An Einsum equation read into label numbers: each operand's and the output's axes as indices into
 * the equation's distinct labels (letters, in order of first appearance).
 *
 * @param operands per operand, the label of each axis
 * @param output the label of each output axis
 * @param labelCount how many distinct labels the equation has
 */
record EinsumSpec(List<int[]> operands, int[] output, int labelCount) {

  /** Returns the labels of operand {@code i}'s axes. */
  int[] operand(int i) {
    return operands.get(i);
  }

  /**
   * Reads an equation.
   *
   * @param equation e.g. {@code "bij,bjk->bik"}, the implicit {@code "ij,jk"}, or with an ellipsis
   *     for leading axes ({@code "...ii->...i"}; the axes it stands for must have equal sizes in
   *     every operand, no broadcasting)
   * @param ranks each operand's rank
   * @return the spec
   * @throws IllegalArgumentException for a malformed equation or an operand count mismatch
   */
  static EinsumSpec parse(String equation, List<Integer> ranks) {
    String e = equation.replace(" ", "");
    int arrow = e.indexOf("->");
    String lhs = arrow < 0 ? e : e.substring(0, arrow);
    String[] terms = lhs.split(",", -1);
    if (terms.length != ranks.size()) {
      throw new IllegalArgumentException(
          "equation '"
              + equation
              + "' has "
              + terms.length
              + " operands, the node "
              + ranks.size());
    }
    // The axes an ellipsis stands for get the labels '0', '1'... (right-aligned across operands).
    int ellipsis = 0;
    for (int i = 0; i < terms.length; i++) {
      if (terms[i].contains("...")) {
        ellipsis = Math.max(ellipsis, ranks.get(i) - (terms[i].length() - 3));
      }
    }
    List<Character> labels = new ArrayList<>();
    List<int[]> operands = new ArrayList<>();
    TreeMap<Character, Integer> uses = new TreeMap<>();
    for (int i = 0; i < terms.length; i++) {
      String t = expand(terms[i], ranks.get(i) - (terms[i].length() - 3), ellipsis);
      int[] dims = new int[t.length()];
      for (int d = 0; d < t.length(); d++) {
        char c = t.charAt(d);
        if (!Character.isLetterOrDigit(c)) {
          throw new IllegalArgumentException("label '" + c + "' in equation '" + equation + "'");
        }
        if (!labels.contains(c)) {
          labels.add(c);
        }
        dims[d] = labels.indexOf(c);
        uses.merge(c, 1, Integer::sum);
      }
      operands.add(dims);
    }
    String out;
    if (arrow >= 0) {
      out = expand(e.substring(arrow + 2), ellipsis, ellipsis);
    } else {
      StringBuilder b = new StringBuilder(expand("...", ellipsis, ellipsis));
      uses.forEach((c, n) -> b.append(n == 1 && Character.isLetter(c) ? String.valueOf(c) : ""));
      out = b.toString();
    }
    int[] output = new int[out.length()];
    for (int d = 0; d < out.length(); d++) {
      int l = labels.indexOf(out.charAt(d));
      if (l < 0) {
        throw new IllegalArgumentException(
            "output label '" + out.charAt(d) + "' of equation '" + equation + "' is in no operand");
      }
      output[d] = l;
    }
    return new EinsumSpec(operands, output, labels.size());
  }

  /** A term with its ellipsis replaced by the labels of its last {@code count} of {@code all}. */
  private static String expand(String term, int count, int all) {
    int at = term.indexOf("...");
    if (at < 0) {
      return term;
    }
    StringBuilder b = new StringBuilder(term.substring(0, at));
    for (int k = all - count; k < all; k++) {
      b.append((char) ('0' + k));
    }
    return b.append(term.substring(at + 3)).toString();
  }

  /** Returns each label's size, checking that the operands agree on it. */
  long[] sizes(List<TensorData> values) {
    long[] sizes = new long[labelCount];
    Arrays.fill(sizes, -1);
    for (int i = 0; i < values.size(); i++) {
      long[] s = values.get(i).shape();
      int[] dims = operands.get(i);
      if (s.length != dims.length) {
        throw new IllegalArgumentException(
            "operand " + i + " has rank " + s.length + ", its term " + dims.length + " labels");
      }
      for (int d = 0; d < dims.length; d++) {
        if (sizes[dims[d]] >= 0 && sizes[dims[d]] != s[d]) {
          throw new IllegalArgumentException(
              "a label has sizes " + sizes[dims[d]] + " and " + s[d] + " in the operands");
        }
        sizes[dims[d]] = s[d];
      }
    }
    return sizes;
  }

  /** Returns the output's shape for the labels' sizes. */
  long[] outputShape(long[] sizes) {
    long[] shape = new long[output.length];
    for (int d = 0; d < output.length; d++) {
      shape[d] = sizes[output[d]];
    }
    return shape;
  }

  /** Returns the output's shape for the operands' shapes. */
  long[] outputShape(List<long[]> shapes) {
    long[] sizes = new long[labelCount];
    for (int i = 0; i < shapes.size(); i++) {
      int[] dims = operands.get(i);
      for (int d = 0; d < dims.length && d < shapes.get(i).length; d++) {
        sizes[dims[d]] = shapes.get(i)[d];
      }
    }
    return outputShape(sizes);
  }
}
