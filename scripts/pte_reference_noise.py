"""How far PyTorch's own int8 reference of a shared .pte moves when only the float summation order
changes (one thread instead of the default, or convolution without oneDNN). Rebuilds the converted
PT2E module exactly as ../shared/pte-tools/make_pte.py does (checked: bit-identical outputs), then
compares. Needs the pte-tools environment (setup.sh):
  PYTHONPATH=WORKDIR/pkg WORKDIR/venv/bin/python scripts/pte_reference_noise.py resnet50
(PTE_DIR=DIR for programs that make_pte.py wrote to DIR instead of ../shared/models/pte)."""
import os, sys, types
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("DJL_VULKAN_SHARED", os.path.join(HERE, "..", "..", "shared"))
sys.path.insert(0, os.path.join(SHARED, "pte-tools"))
sys.modules["torchvision._meta_registrations"] = types.ModuleType("stub")
import numpy as np, torch, onnx
from onnx import numpy_helper
from torch.export import export
import make_pte as mp
from executorch.backends.xnnpack.quantizer.xnnpack_quantizer import XNNPACKQuantizer, get_symmetric_quantization_config
from torchao.quantization.pt2e.quantize_pt2e import prepare_pt2e, convert_pt2e
# Programs made elsewhere by make_pte.py (the same seeds): PTE_DIR=that folder.
PTE_DIR = os.environ.get("PTE_DIR", f"{SHARED}/models/pte")
name = sys.argv[1]
m = mp.calibrated(name)
torch.manual_seed(7)
inputs = [torch.randn(1, 3, 224, 224) for _ in range(3)]
q = XNNPACKQuantizer(); q.set_global(get_symmetric_quantization_config(is_per_channel=True, is_dynamic=False))
pm = prepare_pt2e(export(m, (inputs[0],), strict=True).module(), q)
with torch.no_grad():
    for _ in range(16): pm(torch.randn(1, 3, 224, 224))
    for x in inputs: pm(x)
ref = convert_pt2e(pm)
tag = f"{name}-int8"
def stored(i):
    return numpy_helper.to_array(onnx.load_tensor(f"{PTE_DIR}/testdata/{tag}/test_data_set_{i}/output_0.pb"))
def rel(a, b): return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))
with torch.no_grad():
    for i, x in enumerate(inputs):
        y0 = ref(x).numpy(); s = stored(i)
        torch.set_num_threads(1); y1 = ref(x).numpy(); torch.set_num_threads(2)
        torch.backends.mkldnn.enabled = False; y2 = ref(x).numpy(); torch.backends.mkldnn.enabled = True
        print(f"{tag} set {i}: regenerated vs stored {rel(y0, s):.4g}; 1 thread vs stored {rel(y1, s):.4g}; "
              f"no-mkldnn conv vs stored {rel(y2, s):.4g}; top1 {s.argmax()} {y1.argmax()} {y2.argmax()}", flush=True)
