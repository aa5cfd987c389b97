"""Exports public CNN architectures (torchvision, seeded weights) to ONNX fixtures in the ONNX
test-case layout, fp32 and int8 (ONNX Runtime's static quantizer, QDQ, per-channel weights), with
ONNX Runtime CPU's outputs as the references:

  OUT_DIR/<model>[-int8]/model.onnx
  OUT_DIR/<model>[-int8]/test_data_set_0/{input_0.pb,output_0.pb}
  OUT_DIR/<model>-int8/test_data_set_0/output_0_unfused.pb

The int8 models also get ONNX Runtime's output with its graph optimizations off: QDQ then runs as
float arithmetic between quantize steps instead of its fused integer kernels, and the distance
between the two is the reference's own noise floor, which the test allows.

The "heads." models end in TopK (ResNet18's top 5) or ArgMax (LR-ASPP's class map), fp32 only:
output_0 holds the int64 indices and output_1 the scores they were taken from.

The Vulkan engine then runs them with the conformance runner (RealModelsTest, opt-in:
-Dcnn.fixtures.dir=OUT_DIR). Needs torch, torchvision, onnx and onnxruntime (the machine's package
index has them; ../shared/pte-tools/setup.sh makes such an environment).
usage: make_cnn_fixtures.py OUT_DIR [MODEL ...]   (default: the list below)
"""
import os
import sys
import types

sys.modules["torchvision._meta_registrations"] = types.ModuleType("stub")  # its C++ ops don't load
import numpy as np
import onnx
import onnxruntime as ort
import torch
import torchvision
from onnx import numpy_helper
from onnxruntime.quantization import (CalibrationDataReader, QuantFormat, QuantType,
                                      quantize_static)

MODELS = [
    "resnet18", "mobilenet_v2", "mobilenet_v3_small", "shufflenet_v2_x0_5", "squeezenet1_1",
    "googlenet", "densenet121", "efficientnet_b0", "mnasnet0_5", "regnet_y_400mf",
    "resnext50_32x4d", "alexnet", "vgg11",
    "segmentation.lraspp_mobilenet_v3_large", "segmentation.deeplabv3_mobilenet_v3_large",
    "segmentation.fcn_resnet50",
    "heads.resnet18_topk", "heads.lraspp_argmax",
]


class MainOutput(torch.nn.Module):
    """A segmentation model's 'out' map (torchvision's models return a dict)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)["out"]


class IndexHead(torch.nn.Module):
    """Indices over the class axis (TopK or ArgMax) and the scores they come from, fp32 only: the
    first output is int64, the second lets the test accept a different index only on a near-tie."""

    def __init__(self, model, k):
        super().__init__()
        self.model = model
        self.k = k

    def forward(self, x):
        scores = self.model(x)
        if isinstance(scores, dict):
            scores = scores["out"]
        if self.k == 0:
            return scores.argmax(1), scores
        return torch.topk(scores, self.k, dim=1).indices, scores


def build(name):
    if name == "heads.resnet18_topk":
        return IndexHead(torchvision.models.resnet18(weights=None).eval(), 5).eval()
    if name == "heads.lraspp_argmax":
        m = torchvision.models.segmentation.lraspp_mobilenet_v3_large(
            weights=None, weights_backbone=None)
        return IndexHead(m.eval(), 0).eval()
    if name.startswith("segmentation."):
        kind = name.split(".", 1)[1]
        m = getattr(torchvision.models.segmentation, kind)(weights=None, weights_backbone=None)
        return MainOutput(m.eval()).eval()
    return getattr(torchvision.models, name)(weights=None).eval()


def write_case(folder, model_path, x, *ys):
    os.makedirs(f"{folder}/test_data_set_0", exist_ok=True)
    os.replace(model_path, f"{folder}/model.onnx")
    outputs = [(f"output_{i}", y) for i, y in enumerate(ys)]
    for name, arr in [("input_0", x)] + outputs:
        t = numpy_helper.from_array(np.ascontiguousarray(arr), name)
        open(f"{folder}/test_data_set_0/{name}.pb", "wb").write(t.SerializeToString())


class Calibration(CalibrationDataReader):
    def __init__(self, count):
        rng = np.random.default_rng(1)
        self.inputs = iter([{"input": rng.standard_normal((1, 3, 224, 224), np.float32)}
                            for _ in range(count)])

    def get_next(self):
        return next(self.inputs, None)


def export(out, name):
    torch.manual_seed(0)
    folder = name.split(".")[-1]
    m = build(name)
    x = torch.randn(1, 3, 224, 224)
    tmp = f"{out}/{folder}.tmp.onnx"
    if name.startswith("heads."):
        torch.onnx.export(m, (x,), tmp, opset_version=17, input_names=["input"],
                          output_names=["indices", "scores"], dynamo=False)
        onnx.checker.check_model(tmp)
        refs = ort.InferenceSession(tmp, providers=["CPUExecutionProvider"]).run(
            None, {"input": x.numpy()})
        write_case(f"{out}/{folder}", tmp, x.numpy(), *refs)
        print(f"{name}: fp32 written", flush=True)
        return
    torch.onnx.export(m, (x,), tmp, opset_version=17, input_names=["input"],
                      output_names=["logits"], dynamo=False)
    onnx.checker.check_model(tmp)
    ref = ort.InferenceSession(tmp, providers=["CPUExecutionProvider"]).run(
        None, {"input": x.numpy()})[0]
    qtmp = f"{out}/{folder}-int8.tmp.onnx"
    quantize_static(tmp, qtmp, Calibration(8), quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
    qref = ort.InferenceSession(qtmp, providers=["CPUExecutionProvider"]).run(
        None, {"input": x.numpy()})[0]
    write_case(f"{out}/{folder}", tmp, x.numpy(), ref)
    unfused = ort.SessionOptions()
    unfused.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    qflt = ort.InferenceSession(qtmp, unfused, providers=["CPUExecutionProvider"]).run(
        None, {"input": x.numpy()})[0]
    write_case(f"{out}/{folder}-int8", qtmp, x.numpy(), qref)
    t = numpy_helper.from_array(np.ascontiguousarray(qflt), "output_0_unfused")
    open(f"{out}/{folder}-int8/test_data_set_0/output_0_unfused.pb", "wb").write(
        t.SerializeToString())
    print(f"{name}: fp32 and int8 written", flush=True)


if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name in sys.argv[2:] or MODELS:
        try:
            export(out, name)
        except Exception as e:  # one model failing must not stop the others
            print(f"{name}: FAILED {type(e).__name__}: {str(e)[:300]}", flush=True)
