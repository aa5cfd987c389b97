#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#if DOT
#extension GL_EXT_integer_dot_product : require
#endif
// Quantized fully connected layer (ONNX QGemm, QLinearMatMul with constant weights) on an int8
// [N, K] input in 4C1W (row n = K4 words, padded lanes ignored) and int8 weights packed on the
// host in 4x4 blocks: block (k4, oc4) is the ivec4 at index k4 * OC4 + oc4, its word j holding
// output channel 4 * oc4 + j's weights for k = 4 * k4 .. 4 * k4 + 3 (zero padded). One invocation
// computes the 4 channels of one oc4 for one row, in ONNX Runtime's form (the int32 bias joins
// the integer sum, one float multiply):
//   acc  = sum_k x[k] * w[c][k], xsum = sum_k x[k]               (int32, k < K)
//   acc' = acc - wzp[c] * xsum + corr[c]                         (int32; corr[c] = K * z_x *
//                                                                  wzp[c] - z_x * sum_k w[c][k]
//                                                                  + b[c])
//        = sum_k (x[k] - z_x) * (w[c][k] - wzp[c]) + b[c]
//   y    = float(acc') * m[c]                                    (one IEEE multiply)
//   y    = clamp(y, lo, hi) with act = 1
// OUT_F32 1: m[c] = s_x * s_w[c] and y goes to an NC4HW4 fp32 [N, OC] (padded lanes zero).
// OUT_F32 0: m[c] = (s_x * s_w[c]) / s_y, lo / hi in output steps, and q = clamp(roundEven(y) +
// z_y, -128, 127) goes to an int8 4C1W [N, OC] (padded lanes z_y).
// OUT_F32 2 (a DequantizeLinear after the layer): q as for OUT_F32 0, then its real value
// float(q - z_y) * s_y, as the dequantize kernel computes it, to an NCHW fp32 [N, OC] (what that
// kernel writes): the words of the int8 output and its dequantize, in one dispatch.
// DOT 1 uses the packed 4x8-bit signed dot product (GL_EXT_integer_dot_product, not saturating);
// DOT 0 multiplies unpacked lanes. Both give the same integers.
// SPLIT_K 0: one invocation per (oc4, row), the whole K in a loop; grid x = oc4, y = row.
// SPLIT_K 1 (the GEMV form, for few rows): one workgroup of GEMV_THREADS invocations per (oc4,
// row), grid x = oc4, y = row; invocation t sums k4 = t, t + GEMV_THREADS, ... and the workgroup
// adds the partial sums in shared memory (integers: the same sums in any order), then invocation 0
// applies the epilogue.
// SPLIT_K 2 (the tiled form, for many rows): one workgroup of TILE_THREADS (256) invocations per
// tile of TILE_ROWS (32) rows x TILE_OC4S (32) channel groups, grid x = channel-group tiles, y =
// row tiles. K goes through shared memory in stages of STAGE_K4S (16) groups: the rows' words
// and the weights' ivec4s of a stage are read once for the whole tile (the weights' rows of
// TILE_OC4S ivec4s are contiguous, [k4][oc4]); the next stage is read into registers while the
// products run. Invocation t computes channel group t % TILE_OC4S of rows 4 * (t / TILE_OC4S) ..
// + 3. Words past K (and the last word's padded lanes) are 0, so they add nothing to the sums.
#include "common.glslh"
#include "quant/int8_layout.glslh"

#ifndef SPLIT_K
#define SPLIT_K 0
#endif
#define GEMV_THREADS 64
#define K_IN_FLIGHT 4
#define TILE_THREADS 256
#define TILE_ROWS 32
#define TILE_OC4S 32
#define STAGE_K4S 16
// Each invocation copies two of a stage's rows' words and two of its weights' ivec4s.
#if TILE_ROWS * STAGE_K4S != 2 * TILE_THREADS || TILE_OC4S * STAGE_K4S != 2 * TILE_THREADS
#error "the tiled form's copies are two words and two ivec4s per invocation"
#endif

layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;

struct Channel {
  float m;
  int wzp;
  int corr;
};

#if OUT_F32 == 2
layout(set = 0, binding = 0) writeonly buffer Out { float out_data[]; };
#elif OUT_F32
layout(set = 0, binding = 0) writeonly buffer Out { vec4 out_data[]; };
#else
layout(set = 0, binding = 0) writeonly buffer Out { int out_data[]; };
#endif
layout(set = 0, binding = 1) readonly buffer In { int in_data[]; };
layout(set = 0, binding = 2) readonly buffer Weights { ivec4 w_data[]; };
layout(set = 0, binding = 3) readonly buffer Channels { Channel channels[]; };

layout(push_constant) uniform Params {
  uint rows;
  uint k4s;
  uint oc4s;
  uint oc;         // real output channels
  int last_mask;   // the lanes of the last K word that are real (k < K)
  int z_y;
  uint act;
  float lo;
  float hi;
  float s_y;       // OUT_F32 2: the output's scale
} p;

#if DOT
#define DOT4(x, w) dotPacked4x8EXT(x, w)
#else
#define DOT4(x, w) dot4(q8_unpack(x), q8_unpack(w))
int dot4(ivec4 a, ivec4 b) {
  return a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w;
}
#endif

#if SPLIT_K == 1
shared ivec4 s_acc[GEMV_THREADS];
shared int s_xsum[GEMV_THREADS];
#elif SPLIT_K == 2
// A stage: the tile's rows' words (one word of padding per row) and the weights' ivec4s.
shared int s_x[TILE_ROWS][STAGE_K4S + 1];
shared ivec4 s_w[STAGE_K4S][TILE_OC4S];
#endif

// Applies the epilogue to row `row`'s sums of channel group oc4 and writes its output.
void linear_store(uint row, uint oc4, ivec4 acc, int xsum) {
  vec4 y;
  for (int j = 0; j < 4; j++) {
    Channel ch = channels[oc4 * 4u + uint(j)];
    int a = acc[j] - ch.wzp * xsum + ch.corr;
    precise float v = float(a) * ch.m;
    y[j] = v;
  }
  if (p.act == 1u) {
    y = clamp(y, vec4(p.lo), vec4(p.hi));
  }
  bvec4 valid = q8_valid_lanes(oc4, p.oc);
  uint out_index = row * p.oc4s + oc4;
#if OUT_F32 == 2
  ivec4 q = djlv_round_to_int8(y, p.z_y);
  for (int j = 0; j < 4; j++) {
    if (valid[j]) {
      precise float r = float(q[j] - p.z_y) * p.s_y;
      out_data[row * p.oc + oc4 * 4u + uint(j)] = r;
    }
  }
#elif OUT_F32
  out_data[out_index] = mix(vec4(0.0), y, valid);
#else
  out_data[out_index] = q8_pack(mix(ivec4(p.z_y), djlv_round_to_int8(y, p.z_y), valid));
#endif
}

#if SPLIT_K == 2
// The rows' word of copy i of the stage at k4 k0 (0 past K, the last word's padded lanes 0).
int tile_x(uint i, uint row0, uint k0) {
  uint row = min(row0 + i / uint(STAGE_K4S), p.rows - 1u);
  uint k4 = k0 + i % uint(STAGE_K4S);
  int x = in_data[row * p.k4s + min(k4, p.k4s - 1u)];
  return k4 < p.k4s - 1u ? x : (k4 == p.k4s - 1u ? x & p.last_mask : 0);
}

// The weights' ivec4 of copy i of the stage at k4 k0 (past K or the last group: a clamped read).
ivec4 tile_w(uint i, uint oc40, uint k0) {
  uint k4 = min(k0 + i / uint(TILE_OC4S), p.k4s - 1u);
  return w_data[k4 * p.oc4s + min(oc40 + i % uint(TILE_OC4S), p.oc4s - 1u)];
}

void tiled() {
  uint t = gl_LocalInvocationIndex;
  uint oc40 = gl_WorkGroupID.x * uint(TILE_OC4S);
  uint row0 = gl_WorkGroupID.y * uint(TILE_ROWS);
  uint o = t % uint(TILE_OC4S);
  uint r0 = (t / uint(TILE_OC4S)) * 4u;
  // Named registers, not arrays: the driver may index a local array at run time
  // (LocalArrayIndexingTest).
  ivec4 acc0 = ivec4(0), acc1 = ivec4(0), acc2 = ivec4(0), acc3 = ivec4(0);
  int xsum0 = 0, xsum1 = 0, xsum2 = 0, xsum3 = 0;
  uint t1 = t + uint(TILE_THREADS);
  int x0 = tile_x(t, row0, 0u);
  int x1 = tile_x(t1, row0, 0u);
  ivec4 w0 = tile_w(t, oc40, 0u);
  ivec4 w1 = tile_w(t1, oc40, 0u);
  for (uint k0 = 0u; k0 < p.k4s; k0 += uint(STAGE_K4S)) {
    s_x[t / uint(STAGE_K4S)][t % uint(STAGE_K4S)] = x0;
    s_x[t1 / uint(STAGE_K4S)][t1 % uint(STAGE_K4S)] = x1;
    s_w[t / uint(TILE_OC4S)][t % uint(TILE_OC4S)] = w0;
    s_w[t1 / uint(TILE_OC4S)][t1 % uint(TILE_OC4S)] = w1;
    barrier();
    uint k1 = k0 + uint(STAGE_K4S);
    if (k1 < p.k4s) {
      x0 = tile_x(t, row0, k1);
      x1 = tile_x(t1, row0, k1);
      w0 = tile_w(t, oc40, k1);
      w1 = tile_w(t1, oc40, k1);
    }
    [[unroll]] for (int k = 0; k < STAGE_K4S; k++) {
      ivec4 w = s_w[k][o];
      int a = s_x[r0][k];
      int b = s_x[r0 + 1u][k];
      int c = s_x[r0 + 2u][k];
      int d = s_x[r0 + 3u][k];
      acc0 += ivec4(DOT4(a, w.x), DOT4(a, w.y), DOT4(a, w.z), DOT4(a, w.w));
      acc1 += ivec4(DOT4(b, w.x), DOT4(b, w.y), DOT4(b, w.z), DOT4(b, w.w));
      acc2 += ivec4(DOT4(c, w.x), DOT4(c, w.y), DOT4(c, w.z), DOT4(c, w.w));
      acc3 += ivec4(DOT4(d, w.x), DOT4(d, w.y), DOT4(d, w.z), DOT4(d, w.w));
      xsum0 += DOT4(a, 0x01010101);
      xsum1 += DOT4(b, 0x01010101);
      xsum2 += DOT4(c, 0x01010101);
      xsum3 += DOT4(d, 0x01010101);
    }
    barrier();
  }
  uint oc4 = oc40 + o;
  if (oc4 < p.oc4s) {
    uint row = row0 + r0;
    if (row < p.rows) {
      linear_store(row, oc4, acc0, xsum0);
    }
    if (row + 1u < p.rows) {
      linear_store(row + 1u, oc4, acc1, xsum1);
    }
    if (row + 2u < p.rows) {
      linear_store(row + 2u, oc4, acc2, xsum2);
    }
    if (row + 3u < p.rows) {
      linear_store(row + 3u, oc4, acc3, xsum3);
    }
  }
}
#endif

void main() {
#if SPLIT_K == 2
  tiled();
}
#else
#if SPLIT_K
  uint oc4 = gl_WorkGroupID.x;
  uint row = gl_WorkGroupID.y;
  uint t = gl_LocalInvocationID.x;
  uint k_first = t;
  uint k_step = GEMV_THREADS;
#else
  uint oc4 = gl_GlobalInvocationID.x;
  uint row = gl_GlobalInvocationID.y;
  if (oc4 >= p.oc4s || row >= p.rows) {
    return;
  }
  uint k_first = 0u;
  uint k_step = 1u;
#endif
  ivec4 acc = ivec4(0);
  int xsum = 0;
  uint in_base = row * p.k4s;
  // K_IN_FLIGHT groups read before any is used (a group past the end is read clamped and left
  // out), so their reads wait out one memory latency together; integer sums in any order agree.
  for (uint k0 = k_first; k0 < p.k4s; k0 += k_step * uint(K_IN_FLIGHT)) {
    int xs[K_IN_FLIGHT];
    ivec4 ws[K_IN_FLIGHT];
    [[unroll]] for (int u = 0; u < K_IN_FLIGHT; u++) {
      uint k4 = min(k0 + uint(u) * k_step, p.k4s - 1u);
      xs[u] = in_data[in_base + k4];
      ws[u] = w_data[k4 * p.oc4s + oc4];
    }
    [[unroll]] for (int u = 0; u < K_IN_FLIGHT; u++) {
      uint k4 = k0 + uint(u) * k_step;
      if (k4 < p.k4s) {
        int x = k4 == p.k4s - 1u ? xs[u] & p.last_mask : xs[u];
        ivec4 w = ws[u];
        acc.x += DOT4(x, w.x);
        acc.y += DOT4(x, w.y);
        acc.z += DOT4(x, w.z);
        acc.w += DOT4(x, w.w);
        xsum += DOT4(x, 0x01010101);
      }
    }
  }
#if SPLIT_K
  s_acc[t] = acc;
  s_xsum[t] = xsum;
  barrier();
  for (uint half_size = GEMV_THREADS / 2u; half_size > 0u; half_size /= 2u) {
    if (t < half_size) {
      s_acc[t] += s_acc[t + half_size];
      s_xsum[t] += s_xsum[t + half_size];
    }
    barrier();
  }
  if (t != 0u) {
    return;
  }
  acc = s_acc[0];
  xsum = s_xsum[0];
#endif
  linear_store(row, oc4, acc, xsum);
}
#endif
