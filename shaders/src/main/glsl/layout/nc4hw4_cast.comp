#version 450
#extension GL_GOOGLE_include_directive : require
// NC4HW4 activations from one storage to the other, one invocation per vec4: fp32 -> fp16
// (TO_F16 = 1: rounded to nearest-even halves, packed as common.glslh's ACT_F16 storage) or
// fp16 -> fp32 (TO_F16 = 0: exact). The fp16 precision mode converts where a float op without
// fp16 kernels meets one with them.
#include "common.glslh"

layout(local_size_x_id = 0) in;

#if TO_F16
layout(set = 0, binding = 0) writeonly buffer Out { uvec2 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { vec4 in_data[]; };
#else
layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };
layout(set = 0, binding = 1) readonly buffer In { uvec2 in_data[]; };
#endif

layout(push_constant) uniform Params {
  uint count;  // vec4s
} p;

void main() {
  uint i = DJLV_FLAT_INDEX();
  if (i >= p.count) {
    return;
  }
#if TO_F16
  out_data[i] = djlv_pack_half4(in_data[i]);
#else
  out_data[i] = djlv_unpack_half4(in_data[i]);
#endif
}
