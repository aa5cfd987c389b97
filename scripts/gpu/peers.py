"""Peer timings on the GPU machine of the device tool, for the same ResNet50 files and batch sizes
that `djl-vulkan bench` times there: ONNX Runtime CPU (all cores) on the ONNX file, and PyTorch
CUDA (fp32, and fp16 channels-last) on torchvision's ResNet50 architecture, the model the files
were exported from. Prints one markdown row per (model, batch, peer): median and p90 latency in
ms and images/s. Usage: python3 peers.py MODEL.onnx[,MODEL.onnx...] --batch 1,32 [--iterations N]
"""
import argparse, time
import numpy as np


def stats(times_ms):
    t = np.sort(np.array(times_ms))
    return float(np.median(t)), float(t[min(len(t) - 1, int(0.9 * len(t)))])


def time_it(fn, warmup, iterations):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1e3)
    return stats(out)


def row(model, batch, peer, median, p90):
    print(f"| {model} | {batch} | {peer} | {median:.3f} | {p90:.3f} | {batch / median * 1e3:.1f} |", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("models")
    ap.add_argument("--batch", default="1,32")
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--iterations", type=int, default=20)
    a = ap.parse_args()
    batches = [int(b) for b in a.batch.split(",")]
    print("| model | batch | peer | median ms | p90 ms | images/s |")
    print("|---|---:|---|---:|---:|---:|")
    import onnxruntime as ort
    rng = np.random.default_rng(1)
    for path in a.models.split(","):
        name = path.rsplit("/", 1)[-1]
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        for b in batches:
            x = rng.standard_normal((b, 3, 224, 224), dtype=np.float32)
            row(name, b, "onnxruntime-cpu", *time_it(lambda: sess.run(None, {sess.get_inputs()[0].name: x}), a.warmup, a.iterations))
    import torch, torchvision
    if not torch.cuda.is_available():
        print("PyTorch: no CUDA device")
        return
    m = torchvision.models.resnet50().eval().cuda()
    for b in batches:
        x = torch.randn(b, 3, 224, 224, device="cuda")
        with torch.no_grad():
            def fp32():
                m(x)
                torch.cuda.synchronize()
            row("torchvision resnet50", b, "pytorch-cuda-fp32", *time_it(fp32, a.warmup, a.iterations))
    mh = m.half().to(memory_format=torch.channels_last)
    for b in batches:
        x = torch.randn(b, 3, 224, 224, device="cuda").half().to(memory_format=torch.channels_last)
        with torch.no_grad():
            def fp16():
                mh(x)
                torch.cuda.synchronize()
            row("torchvision resnet50", b, "pytorch-cuda-fp16-cl", *time_it(fp16, a.warmup, a.iterations))


if __name__ == "__main__":
    main()
