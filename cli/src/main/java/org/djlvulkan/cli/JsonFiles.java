package org.djlvulkan.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes result records as JSON files, for scripts that collect benchmark figures. */
public final class JsonFiles {
  private JsonFiles() {}

  /**
   * Returns a flat record as a JSON object: one member per component, in declaration order. NaN and
   * infinite numbers become {@code null}; other values that are not numbers, booleans or strings
   * are written as their {@code toString()}.
   *
   * @param record the record
   * @return the object
   */
  public static JsonObject toJson(Record record) {
    JsonObject json = new JsonObject();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName(), e);
      }
      json.add(c.getName(), element(value));
    }
    return json;
  }

  private static JsonElement element(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof Number n) {
      return new JsonPrimitive(n);
    }
    if (value instanceof Boolean b) {
      return new JsonPrimitive(b);
    }
    return new JsonPrimitive(value.toString());
  }

  /**
   * Writes a record to a file as pretty-printed JSON, creating missing parent folders.
   *
   * @param file the file; replaced if it exists
   * @param record the record
   * @throws CliException when the file cannot be written
   */
  public static void write(Path file, Record record) {
    write(file, toJson(record));
  }

  /**
   * Writes JSON to a file, pretty-printed, creating missing parent folders.
   *
   * @param file the file; replaced if it exists
   * @param json the JSON
   * @throws CliException when the file cannot be written
   */
  public static void write(Path file, JsonElement json) {
    String text =
        new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(json) + "\n";
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + e, e);
    }
  }
}
