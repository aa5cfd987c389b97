"""Compares two float32 ONNX TensorProto files (raw_data or float_data) as the engine's run
command writes them: prints max |a - b|, max |b| and their ratio, and whether the top-5 indices
agree. Usage: python3 compare_pb.py TEST.pb REFERENCE.pb. Needs only numpy (no onnx package)."""
import struct, sys
import numpy as np


def varint(buf, i):
    v = shift = 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return v, i


def floats(path):
    buf = open(path, "rb").read()
    i, raw, packed = 0, None, []
    while i < len(buf):
        key, i = varint(buf, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            _, i = varint(buf, i)
        elif wire == 1:
            i += 8
        elif wire == 5:
            if field == 4:
                packed.append(struct.unpack_from("<f", buf, i)[0])
            i += 4
        elif wire == 2:
            n, i = varint(buf, i)
            if field == 9:
                raw = buf[i:i + n]
            elif field == 4:
                packed.extend(np.frombuffer(buf[i:i + n], dtype="<f4"))
            i += n
    return np.frombuffer(raw, dtype="<f4") if raw is not None else np.array(packed, dtype=np.float32)


a, b = floats(sys.argv[1]), floats(sys.argv[2])
diff = float(np.max(np.abs(a - b)))
ref = float(np.max(np.abs(b)))
top_a, top_b = np.argsort(-a)[:5], np.argsort(-b)[:5]
print(f"max|diff| {diff:.4e}, max|ref| {ref:.4f}, relative {diff / ref:.3e}, "
      f"top-5 {list(top_a)} vs {list(top_b)}: {'same' if list(top_a) == list(top_b) else 'DIFFER'}")
