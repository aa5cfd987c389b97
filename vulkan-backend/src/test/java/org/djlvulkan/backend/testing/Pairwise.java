package org.djlvulkan.backend.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * All-pairs test case generation: a small set of cases in which every value of every factor meets
 * every value of every other factor at least once. Greedy (each case is the best of a few random
 * candidates, each completed value by value) and deterministic for a given seed.
 */
public final class Pairwise {
  private static final int CANDIDATES = 30;

  private final int[] factors;

  /** {@code uncovered[a][b][va * factors[b] + vb]} for {@code a < b}. */
  private final boolean[][][] uncovered;

  private int remaining;
  private final Random random;

  private Pairwise(long seed, int[] factors) {
    this.factors = factors.clone();
    this.random = new Random(seed);
    int k = factors.length;
    uncovered = new boolean[k][k][];
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        uncovered[a][b] = new boolean[factors[a] * factors[b]];
        Arrays.fill(uncovered[a][b], true);
        remaining += factors[a] * factors[b];
      }
    }
  }

  /**
   * Returns cases covering every pair of values of any two factors.
   *
   * @param seed seed of the candidate search (the same factors and seed give the same cases)
   * @param factors the number of values of each factor (each at least one)
   * @return the cases, each an array with one value index per factor
   */
  public static List<int[]> indices(long seed, int... factors) {
    List<int[]> cases = new ArrayList<>();
    if (factors.length == 1) {
      for (int v = 0; v < factors[0]; v++) {
        cases.add(new int[] {v});
      }
      return cases;
    }
    Pairwise p = new Pairwise(seed, factors);
    while (p.remaining > 0) {
      int[] best = null;
      int bestGain = -1;
      for (int c = 0; c < CANDIDATES; c++) {
        int[] row = p.candidate();
        int gain = p.gain(row);
        if (gain > bestGain) {
          best = row;
          bestGain = gain;
        }
      }
      p.cover(best);
      cases.add(best);
    }
    return cases;
  }

  /**
   * Returns cases covering every pair of values, as the values themselves.
   *
   * @param seed seed of the candidate search
   * @param factors the values of each factor
   * @return the cases, each an array with one value per factor
   */
  public static List<Object[]> cases(long seed, List<?>... factors) {
    int[] sizes = new int[factors.length];
    for (int i = 0; i < factors.length; i++) {
      sizes[i] = factors[i].size();
    }
    List<Object[]> out = new ArrayList<>();
    for (int[] row : indices(seed, sizes)) {
      Object[] values = new Object[row.length];
      for (int i = 0; i < row.length; i++) {
        values[i] = factors[i].get(row[i]);
      }
      out.add(values);
    }
    return out;
  }

  private boolean isUncovered(int f, int v, int o, int vo) {
    return f < o ? uncovered[f][o][v * factors[o] + vo] : uncovered[o][f][vo * factors[f] + v];
  }

  private int gain(int[] row) {
    int g = 0;
    for (int a = 0; a < row.length; a++) {
      for (int b = a + 1; b < row.length; b++) {
        g += isUncovered(a, row[a], b, row[b]) ? 1 : 0;
      }
    }
    return g;
  }

  private void cover(int[] row) {
    for (int a = 0; a < row.length; a++) {
      for (int b = a + 1; b < row.length; b++) {
        int idx = row[a] * factors[b] + row[b];
        if (uncovered[a][b][idx]) {
          uncovered[a][b][idx] = false;
          remaining--;
        }
      }
    }
  }

  /** A row that starts from a random uncovered pair and fills the rest greedily. */
  private int[] candidate() {
    int k = factors.length;
    List<int[]> open = new ArrayList<>();
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        for (int i = 0; i < uncovered[a][b].length; i++) {
          if (uncovered[a][b][i]) {
            open.add(new int[] {a, b, i});
          }
        }
      }
    }
    int[] pick = open.get(random.nextInt(open.size()));
    int[] row = new int[k];
    boolean[] set = new boolean[k];
    row[pick[0]] = pick[2] / factors[pick[1]];
    row[pick[1]] = pick[2] % factors[pick[1]];
    set[pick[0]] = true;
    set[pick[1]] = true;
    List<Integer> order = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      if (!set[f]) {
        order.add(f);
      }
    }
    Collections.shuffle(order, random);
    for (int f : order) {
      int bestValue = 0;
      int bestGain = -1;
      int start = random.nextInt(factors[f]);
      for (int j = 0; j < factors[f]; j++) {
        int v = (start + j) % factors[f];
        int g = 0;
        for (int o = 0; o < k; o++) {
          if (set[o] && isUncovered(f, v, o, row[o])) {
            g++;
          }
        }
        if (g > bestGain) {
          bestGain = g;
          bestValue = v;
        }
      }
      row[f] = bestValue;
      set[f] = true;
    }
    return row;
  }
}
