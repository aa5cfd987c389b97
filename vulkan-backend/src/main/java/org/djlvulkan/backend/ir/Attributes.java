package org.djlvulkan.backend.ir;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.frontend.onnx.proto.AttributeProto;
import org.djlvulkan.backend.frontend.onnx.proto.TensorProto;

/** A node's attributes by name, with typed getters and defaults. Immutable. */
public final class Attributes {
  /**
   * The IR attribute of a binary operator whose second operand aligns at this axis of the first
   * (trailing dimensions of size 1 added) instead of at the end: the broadcast of ONNX operator
   * sets 1 to 6 with an {@code axis}.
   */
  public static final String BROADCAST_AXIS = "broadcast_axis";

  /** No attributes. */
  public static final Attributes NONE = new Attributes(Map.of());

  private final Map<String, AttributeProto> byName;

  private Attributes(Map<String, AttributeProto> byName) {
    this.byName = byName;
  }

  /**
   * Collects decoded attributes.
   *
   * @param list the attributes as decoded
   * @return the attributes; a repeated name keeps the last
   */
  public static Attributes of(List<AttributeProto> list) {
    Map<String, AttributeProto> m = new LinkedHashMap<>();
    for (AttributeProto a : list) {
      m.put(a.name(), a);
    }
    return new Attributes(Map.copyOf(m));
  }

  /**
   * Returns whether an attribute is present.
   *
   * @param name the attribute
   * @return true when the node has it
   */
  public boolean has(String name) {
    return byName.containsKey(name);
  }

  /**
   * Returns a copy without some attributes.
   *
   * @param names the attributes to drop
   * @return the attributes
   */
  public Attributes without(String... names) {
    Map<String, AttributeProto> m = new LinkedHashMap<>(byName);
    for (String name : names) {
      m.remove(name);
    }
    return new Attributes(Map.copyOf(m));
  }

  /**
   * Returns a copy with the attributes of another set added (they replace same-named ones).
   *
   * @param more the attributes to add
   * @return the attributes
   */
  public Attributes with(Attributes more) {
    Map<String, AttributeProto> m = new LinkedHashMap<>(byName);
    m.putAll(more.byName);
    return new Attributes(Map.copyOf(m));
  }

  /**
   * Returns an integer attribute.
   *
   * @param name the attribute
   * @param dflt the value when it is absent
   * @return the value
   */
  public long i(String name, long dflt) {
    AttributeProto a = byName.get(name);
    return a == null ? dflt : a.i();
  }

  /**
   * Returns a float attribute.
   *
   * @param name the attribute
   * @param dflt the value when it is absent
   * @return the value
   */
  public float f(String name, float dflt) {
    AttributeProto a = byName.get(name);
    return a == null ? dflt : a.f();
  }

  /**
   * Returns a string attribute.
   *
   * @param name the attribute
   * @param dflt the value when it is absent
   * @return the value
   */
  public String s(String name, String dflt) {
    AttributeProto a = byName.get(name);
    return a == null || a.s() == null ? dflt : a.s();
  }

  /**
   * Returns an integer-list attribute.
   *
   * @param name the attribute
   * @return the values, or null when absent
   */
  public long[] ints(String name) {
    AttributeProto a = byName.get(name);
    return a == null ? null : a.ints().clone();
  }

  /**
   * Returns a float-list attribute.
   *
   * @param name the attribute
   * @return the values, or null when absent
   */
  public float[] floats(String name) {
    AttributeProto a = byName.get(name);
    return a == null || a.floats() == null ? null : a.floats().clone();
  }

  /**
   * Returns a tensor attribute.
   *
   * @param name the attribute
   * @return the decoded tensor, or null when absent
   */
  public TensorProto t(String name) {
    AttributeProto a = byName.get(name);
    return a == null ? null : a.t();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (AttributeProto a : byName.values()) {
      sb.append(sb.length() > 1 ? ", " : "").append(a.name()).append('=');
      if (a.ints().length > 0) {
        sb.append(Arrays.toString(a.ints()));
      } else if (a.s() != null) {
        sb.append(a.s());
      } else if (a.type() == AttributeProto.FLOAT) {
        sb.append(a.f());
      } else {
        sb.append(a.i());
      }
    }
    return sb.append('}').toString();
  }

  /** Returns a builder, for front ends and passes that make attributes themselves. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Attributes} one value at a time. */
  public static final class Builder {
    private final Map<String, AttributeProto> m = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets an integer.
     *
     * @param name the attribute
     * @param value the value
     * @return this builder
     */
    public Builder i(String name, long value) {
      return scalar(name, AttributeProto.INT, 0f, value, "");
    }

    /**
     * Sets a float.
     *
     * @param name the attribute
     * @param value the value
     * @return this builder
     */
    public Builder f(String name, float value) {
      return scalar(name, AttributeProto.FLOAT, value, 0, "");
    }

    /**
     * Sets a string.
     *
     * @param name the attribute
     * @param value the value
     * @return this builder
     */
    public Builder s(String name, String value) {
      return scalar(name, AttributeProto.STRING, 0f, 0, value);
    }

    private Builder scalar(String name, int type, float f, long i, String text) {
      m.put(
          name,
          new AttributeProto(
              name, type, f, i, text, null, null, null, null, List.of(), List.of(), List.of()));
      return this;
    }

    /**
     * Sets a list of integers.
     *
     * @param name the attribute
     * @param values the values
     * @return this builder
     */
    public Builder ints(String name, long... values) {
      m.put(
          name,
          new AttributeProto(
              name,
              AttributeProto.INTS,
              0f,
              0,
              "",
              null,
              null,
              null,
              values.clone(),
              List.of(),
              List.of(),
              List.of()));
      return this;
    }

    /** Returns the attributes. */
    public Attributes build() {
      return new Attributes(Map.copyOf(m));
    }
  }
}
