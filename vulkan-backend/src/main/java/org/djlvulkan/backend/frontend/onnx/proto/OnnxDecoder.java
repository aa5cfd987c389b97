package org.djlvulkan.backend.frontend.onnx.proto;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.frontend.onnx.proto.ProtoReader.LongList;

/**
 * Decodes ONNX protobuf messages by hand, field numbers as in the public {@code onnx.proto}. Fields
 * the importer does not use are skipped. Byte fields ({@code raw_data}) are views of the input
 * array, so keep the array unchanged while the result is in use.
 */
public final class OnnxDecoder {
  private final ProtoReader r;

  private OnnxDecoder(byte[] data, String source) {
    this.r = new ProtoReader(data, source);
  }

  /**
   * Decodes a serialized {@code ModelProto}.
   *
   * @param data the file's bytes
   * @param source the file or display name, for messages
   * @return the model
   * @throws org.djlvulkan.backend.frontend.onnx.ModelFormatException when the bytes are not a valid
   *     model
   */
  public static ModelProto decodeModel(byte[] data, String source) {
    OnnxDecoder d = new OnnxDecoder(data, source);
    ModelProto m = d.model();
    if (m.graph() == null) {
      throw d.r.error("ModelProto has no graph");
    }
    return m;
  }

  /**
   * Decodes a serialized {@code TensorProto} (the ONNX test-data format, {@code input_0.pb}).
   *
   * @param data the file's bytes
   * @param source the file or display name, for messages
   * @return the tensor (resolve its data with {@link TensorProtoData#resolve})
   */
  public static TensorProto decodeTensor(byte[] data, String source) {
    OnnxDecoder d = new OnnxDecoder(data, source);
    return d.tensorFields("TensorProto");
  }

  private ModelProto model() {
    long ir = -1;
    List<OperatorSetId> opsets = new ArrayList<>();
    String producer = "";
    String producerVersion = "";
    GraphProto graph = null;
    for (int tag = r.tag(); tag != 0; tag = r.tag()) {
      switch (ProtoReader.field(tag)) {
        case 1:
          ir = r.int64(tag);
          break;
        case 2:
          producer = r.string(tag);
          break;
        case 3:
          producerVersion = r.string(tag);
          break;
        case 7:
          int old = r.begin(tag, "graph");
          graph = graphFields();
          r.end(old);
          break;
        case 8:
          opsets.add(opset(tag));
          break;
        default:
          r.skip(tag);
      }
    }
    return new ModelProto(
        ir, List.copyOf(opsets), (producer + " " + producerVersion).trim(), graph);
  }

  private OperatorSetId opset(int tag) {
    int old = r.begin(tag, "opset_import");
    String domain = "";
    long version = -1;
    for (int t = r.tag(); t != 0; t = r.tag()) {
      switch (ProtoReader.field(t)) {
        case 1:
          domain = r.string(t);
          break;
        case 2:
          version = r.int64(t);
          break;
        default:
          r.skip(t);
      }
    }
    r.end(old);
    return new OperatorSetId(domain, version);
  }

  private GraphProto graphFields() {
    String name = "";
    List<NodeProto> nodes = new ArrayList<>();
    List<TensorProto> inits = new ArrayList<>();
    int sparse = 0;
    List<ValueInfo> inputs = new ArrayList<>();
    List<ValueInfo> outputs = new ArrayList<>();
    List<ValueInfo> infos = new ArrayList<>();
    for (int tag = r.tag(); tag != 0; tag = r.tag()) {
      switch (ProtoReader.field(tag)) {
        case 1:
          nodes.add(node(tag, nodes.size()));
          break;
        case 2:
          name = r.string(tag);
          break;
        case 5:
          int old = r.begin(tag, "initializer[" + inits.size() + "]");
          inits.add(tensorFields("initializer"));
          r.end(old);
          break;
        case 11:
          inputs.add(valueInfo(tag, "input"));
          break;
        case 12:
          outputs.add(valueInfo(tag, "output"));
          break;
        case 13:
          infos.add(valueInfo(tag, "value_info"));
          break;
        case 15:
          sparse++;
          r.skip(tag);
          break;
        default:
          r.skip(tag);
      }
    }
    return new GraphProto(
        name,
        List.copyOf(nodes),
        List.copyOf(inits),
        sparse,
        List.copyOf(inputs),
        List.copyOf(outputs),
        List.copyOf(infos));
  }

  private NodeProto node(int tag, int index) {
    int old = r.begin(tag, "node[" + index + "]");
    String name = "";
    String op = "";
    String domain = "";
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    List<AttributeProto> attrs = new ArrayList<>();
    for (int t = r.tag(); t != 0; t = r.tag()) {
      switch (ProtoReader.field(t)) {
        case 1:
          inputs.add(r.string(t));
          break;
        case 2:
          outputs.add(r.string(t));
          break;
        case 3:
          name = r.string(t);
          r.rename("node[" + index + "] '" + name + "'");
          break;
        case 4:
          op = r.string(t);
          break;
        case 5:
          attrs.add(attribute(t));
          break;
        case 7:
          domain = r.string(t);
          break;
        default:
          r.skip(t);
      }
    }
    r.end(old);
    return new NodeProto(
        name, op, domain, List.copyOf(inputs), List.copyOf(outputs), List.copyOf(attrs));
  }

  private AttributeProto attribute(int tag) {
    int old = r.begin(tag, "attribute");
    String name = "";
    int type = 0;
    float f = 0;
    long i = 0;
    String s = null;
    TensorProto t = null;
    GraphProto g = null;
    LongList floats = new LongList();
    LongList ints = new LongList();
    List<String> strings = new ArrayList<>();
    List<TensorProto> tensors = new ArrayList<>();
    List<GraphProto> graphs = new ArrayList<>();
    for (int tg = r.tag(); tg != 0; tg = r.tag()) {
      switch (ProtoReader.field(tg)) {
        case 1:
          name = r.string(tg);
          r.rename("attribute '" + name + "'");
          break;
        case 2:
          f = r.float32(tg);
          break;
        case 3:
          i = r.int64(tg);
          break;
        case 4:
          s = r.string(tg);
          break;
        case 5:
          int o5 = r.begin(tg, "t");
          t = tensorFields("t");
          r.end(o5);
          break;
        case 6:
          int o6 = r.begin(tg, "g");
          g = graphFields();
          r.end(o6);
          break;
        case 7:
          r.floats(tg, floats);
          break;
        case 8:
          r.varints(tg, ints);
          break;
        case 9:
          strings.add(r.string(tg));
          break;
        case 10:
          int o10 = r.begin(tg, "tensors[" + tensors.size() + "]");
          tensors.add(tensorFields("tensors"));
          r.end(o10);
          break;
        case 11:
          int o11 = r.begin(tg, "graphs[" + graphs.size() + "]");
          graphs.add(graphFields());
          r.end(o11);
          break;
        case 20:
          type = r.int32(tg);
          break;
        default:
          r.skip(tg);
      }
    }
    r.end(old);
    return new AttributeProto(
        name,
        type,
        f,
        i,
        s,
        t,
        g,
        floats.toFloats(),
        ints.toArray(),
        List.copyOf(strings),
        List.copyOf(tensors),
        List.copyOf(graphs));
  }

  private TensorProto tensorFields(String what) {
    String name = "";
    int dataType = 0;
    LongList dims = new LongList();
    ByteBuffer raw = null;
    LongList floats = new LongList();
    LongList int32s = new LongList();
    int strings = 0;
    LongList int64s = new LongList();
    LongList doubles = new LongList();
    LongList uint64s = new LongList();
    Map<String, String> external = new LinkedHashMap<>();
    boolean isExternal = false;
    boolean segmented = false;
    for (int tag = r.tag(); tag != 0; tag = r.tag()) {
      switch (ProtoReader.field(tag)) {
        case 1:
          r.varints(tag, dims);
          break;
        case 2:
          dataType = r.int32(tag);
          break;
        case 3:
          segmented = true;
          r.skip(tag);
          break;
        case 4:
          r.floats(tag, floats);
          break;
        case 5:
          r.varints(tag, int32s);
          break;
        case 6:
          strings++;
          r.skip(tag);
          break;
        case 7:
          r.varints(tag, int64s);
          break;
        case 8:
          name = r.string(tag);
          r.rename(what + " '" + name + "'");
          break;
        case 9:
          raw = r.bytes(tag);
          break;
        case 10:
          r.fixed64s(tag, doubles);
          break;
        case 11:
          r.varints(tag, uint64s);
          break;
        case 13:
          entry(tag, external);
          break;
        case 14:
          isExternal = r.int32(tag) == 1;
          break;
        default:
          r.skip(tag);
      }
    }
    long[] int32 = int32s.toArray();
    for (int k = 0; k < int32.length; k++) {
      int32[k] = (int) int32[k];
    }
    return new TensorProto(
        name,
        dataType,
        dims.toArray(),
        raw,
        floats.toFloats(),
        int32,
        strings,
        int64s.toArray(),
        doubles.toDoubles(),
        uint64s.toArray(),
        Map.copyOf(external),
        isExternal,
        segmented);
  }

  private void entry(int tag, Map<String, String> out) {
    int old = r.begin(tag, "external_data");
    String key = "";
    String value = "";
    for (int t = r.tag(); t != 0; t = r.tag()) {
      switch (ProtoReader.field(t)) {
        case 1:
          key = r.string(t);
          break;
        case 2:
          value = r.string(t);
          break;
        default:
          r.skip(t);
      }
    }
    r.end(old);
    if (out.put(key, value) != null) {
      throw r.error("external_data key '" + key + "' appears twice");
    }
  }

  private ValueInfo valueInfo(int tag, String what) {
    int old = r.begin(tag, what);
    String name = "";
    boolean tensor = false;
    int elem = 0;
    List<ValueInfo.Dim> dims = null;
    for (int t = r.tag(); t != 0; t = r.tag()) {
      switch (ProtoReader.field(t)) {
        case 1:
          name = r.string(t);
          r.rename(what + " '" + name + "'");
          break;
        case 2:
          int ot = r.begin(t, "type");
          for (int tt = r.tag(); tt != 0; tt = r.tag()) {
            if (ProtoReader.field(tt) == 1) {
              tensor = true;
              int ott = r.begin(tt, "tensor_type");
              for (int x = r.tag(); x != 0; x = r.tag()) {
                switch (ProtoReader.field(x)) {
                  case 1:
                    elem = r.int32(x);
                    break;
                  case 2:
                    dims = shape(x);
                    break;
                  default:
                    r.skip(x);
                }
              }
              r.end(ott);
            } else {
              r.skip(tt);
            }
          }
          r.end(ot);
          break;
        default:
          r.skip(t);
      }
    }
    r.end(old);
    return new ValueInfo(name, tensor, elem, dims);
  }

  private List<ValueInfo.Dim> shape(int tag) {
    int old = r.begin(tag, "shape");
    List<ValueInfo.Dim> dims = new ArrayList<>();
    for (int t = r.tag(); t != 0; t = r.tag()) {
      if (ProtoReader.field(t) != 1) {
        r.skip(t);
        continue;
      }
      int od = r.begin(t, "dim[" + dims.size() + "]");
      long value = -1;
      String param = null;
      for (int x = r.tag(); x != 0; x = r.tag()) {
        switch (ProtoReader.field(x)) {
          case 1:
            value = r.int64(x);
            if (value < 0) {
              throw r.error("negative dim_value " + value);
            }
            break;
          case 2:
            param = r.string(x);
            break;
          default:
            r.skip(x);
        }
      }
      r.end(od);
      dims.add(new ValueInfo.Dim(value, param));
    }
    r.end(old);
    return List.copyOf(dims);
  }
}
