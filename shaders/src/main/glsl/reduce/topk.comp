#version 450
#extension GL_GOOGLE_include_directive : require
// TopK along one axis of an NC4HW4 fp32 tensor: the k largest (LARGEST 1) or smallest values in
// order, with their indices along the axis as floats (exact below 2^24). One invocation per input
// element counts the elements of its row that come before it - better values, and equal values at
// lower indices (ONNX: ties keep the lower index first) - and, when that rank is below k, writes
// itself to that slot. NaN sorts as the largest value. Padded channel lanes of the outputs are
// written as zero.
#include "common.glslh"

layout(local_size_x_id = 0) in;

layout(set = 0, binding = 0) writeonly buffer Values { float values_out[]; };
layout(set = 0, binding = 1) writeonly buffer Indices { float indices_out[]; };
layout(set = 0, binding = 2) readonly buffer In { float in_data[]; };

layout(push_constant) uniform Params {
  uvec4 in_dims;  // N, C, H, W of the input
  uint axis;      // 0..3 in the 4-D view
  uint k;         // 1..in_dims[axis]
} p;

uint at(uvec4 dims, uvec4 pos) {
  uint c4s = DJLV_DIV_CEIL(dims.y, 4u);
  return ((((pos.x * c4s + pos.y / 4u) * dims.z + pos.z) * dims.w + pos.w) * 4u) + pos.y % 4u;
}

// Whether a comes before b in the order TopK returns.
bool before(float a, float b) {
#if LARGEST == 1
  return (isnan(a) && !isnan(b)) || a > b;
#else
  return (isnan(b) && !isnan(a)) || a < b;
#endif
}

bool same(float a, float b) {
  return a == b || (isnan(a) && isnan(b));
}

void main() {
  uint i = DJLV_FLAT_INDEX();
  uvec4 id = p.in_dims;
  uint c4s = DJLV_DIV_CEIL(id.y, 4u);
  if (i >= id.x * c4s * id.z * id.w * 4u) {
    return;
  }
  uint v = i / 4u;
  uvec4 pos;
  pos.w = v % id.w;
  pos.z = (v / id.w) % id.z;
  pos.y = ((v / (id.w * id.z)) % c4s) * 4u + i % 4u;
  pos.x = v / (id.w * id.z * c4s);
  uvec4 od = id;
  od[p.axis] = p.k;
  // Padded output lanes: channels k .. ceil4(k) when the axis is C, else the input's own, at
  // positions inside the output (along another axis only the first k positions exist there).
  uint oc4 = DJLV_DIV_CEIL(od.y, 4u) * 4u;
  if (pos.y >= od.y && pos.y < oc4 && (p.axis == 1u || pos[p.axis] < p.k)) {
    values_out[at(od, pos)] = 0.0;
    indices_out[at(od, pos)] = 0.0;
  }
  if (pos.y >= id.y) {
    return;
  }
  uint t = pos[p.axis];
  float x = in_data[at(id, pos)];
  uint rank = 0u;
  uvec4 q = pos;
  for (uint u = 0u; u < id[p.axis]; u++) {
    q[p.axis] = u;
    float y = in_data[at(id, q)];
    if (before(y, x) || (u < t && same(y, x))) {
      rank++;
    }
  }
  if (rank < p.k) {
    uvec4 o = pos;
    o[p.axis] = rank;
    values_out[at(od, o)] = x;
    indices_out[at(od, o)] = float(t);
  }
}
