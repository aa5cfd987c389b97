#!/usr/bin/env python3
"""What fp16 storage alone costs ResNet50's logits: ONNX Runtime (fp32 arithmetic) on the shared
fp32 ResNet50 with every weight and every stored activation rounded to fp16 (round to nearest
even, a Cast to FLOAT16 and back after each node output), against the file's fp32 reference.

This is the ideal of the engine's fp16 mode (fp16 storage, fp32 arithmetic): the engine cannot
be closer to the fp32 logits than this, whatever its kernels do. A node's output that only a Relu
or an Add reads is not rounded, as the engine computes those in the producing convolution's
epilogue. Prints the error relative to the largest reference logit, for: all rounded, weights
only, activations only, and one stage of the network (stem, layer1..4, head) left in fp32.

  python3 scripts/fp16_storage_emulation.py [SHARED_DIR]   (default ../shared)
Needs: onnx, onnxruntime, numpy.
"""
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
base = shared + "/models/resnet50/"
model_path = base + "resnet50-fp32.onnx"
data = base + "testdata/resnet50-fp32/test_data_set_0/"
x = numpy_helper.to_array(onnx.load_tensor(data + "input_0.pb"))
reference = numpy_helper.to_array(onnx.load_tensor(data + "output_0.pb"))
# Convolutions up to the end of each stage: stem, layer1, layer2, layer3, layer4; then the head.
STAGE_ENDS = [1, 11, 24, 43, 53]
STAGES = ["stem", "layer1", "layer2", "layer3", "layer4", "head"]


def stages(nodes):
    convs, out = 0, []
    for n in nodes:
        convs += n.op_type == "Conv"
        if n.op_type in ("GlobalAveragePool", "Flatten", "Gemm"):
            out.append(5)
        else:
            out.append(next(i for i, end in enumerate(STAGE_ENDS) if convs <= end))
    return out


def relative_error(round_weights=True, round_activations=True, fp32_stage=None):
    g = onnx.load(model_path)
    nodes = list(g.graph.node)
    stage = stages(nodes)
    stage_of_value = {}
    for n, s in zip(nodes, stage):
        for i in n.input:
            stage_of_value.setdefault(i, s)
    if round_weights:
        for init in g.graph.initializer:
            a = numpy_helper.to_array(init)
            if a.dtype == np.float32 and stage_of_value.get(init.name) != fp32_stage:
                h = a.astype(np.float16).astype(np.float32)
                init.CopyFrom(numpy_helper.from_array(h, init.name))
    readers = {}
    for n in nodes:
        for i in n.input:
            readers.setdefault(i, []).append(n.op_type)
    outputs = {o.name for o in g.graph.output}
    rewritten = []
    for n, s in zip(nodes, stage):
        rewritten.append(n)
        if not round_activations or s == fp32_stage:
            continue
        for k, o in enumerate(n.output):
            if o in outputs or any(r in ("Relu", "Add") for r in readers.get(o, [])):
                continue
            n.output[k] = o + "__fp32"
            rewritten.append(helper.make_node("Cast", [o + "__fp32"], [o + "__fp16"], to=TensorProto.FLOAT16))
            rewritten.append(helper.make_node("Cast", [o + "__fp16"], [o], to=TensorProto.FLOAT))
    del g.graph.node[:]
    g.graph.node.extend(rewritten)
    s = ort.InferenceSession(g.SerializeToString(), providers=["CPUExecutionProvider"])
    y = s.run(None, {s.get_inputs()[0].name: x})[0]
    return float(np.abs(y - reference).max() / np.abs(reference).max())


print("| fp16 storage of | max abs error / max abs logit |")
print("|---|---:|")
print("| weights and activations | %.4f |" % relative_error())
print("| weights only | %.4f |" % relative_error(round_activations=False))
print("| activations only | %.4f |" % relative_error(round_weights=False))
for i, name in enumerate(STAGES):
    print("| all but %s | %.4f |" % (name, relative_error(fp32_stage=i)))
