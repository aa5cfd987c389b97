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
    ap.add_argument("--ort-max-batch", type=int, default=1 << 30)
    ap.add_argument("--ort-only", action="store_true", help="leave out the PyTorch peers")
    a = ap.parse_args()
    batches = [int(b) for b in a.batch.split(",")]
    print("| model | batch | peer | median ms | p90 ms | images/s |")
    print("|---|---:|---|---:|---:|---:|")
    import onnxruntime as ort
    rng = np.random.default_rng(1)
    for path in [p for p in a.models.split(",") if p]:
        name = path.rsplit("/", 1)[-1]
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        for b in [b for b in batches if b <= a.ort_max_batch]:
            x = rng.standard_normal((b, 3, 224, 224), dtype=np.float32)
            row(name, b, "onnxruntime-cpu", *time_it(lambda: sess.run(None, {sess.get_inputs()[0].name: x}), a.warmup, a.iterations))
    if a.ort_only:
        return
    import torch, torchvision
    if not torch.cuda.is_available():
        print("PyTorch: no CUDA device")
        return
    m = torchvision.models.resnet50().eval().cuda()
    mh = torchvision.models.resnet50().eval().cuda().half().to(memory_format=torch.channels_last)
    for label, model, half in (("fp32", m, False), ("fp16-cl", mh, True)):
        for b in batches:
            x = torch.randn(b, 3, 224, 224, device="cuda")
            if half:
                x = x.half().to(memory_format=torch.channels_last)
            with torch.no_grad():
                def eager():
                    model(x)
                    torch.cuda.synchronize()
                row("torchvision resnet50", b, "pytorch-cuda-" + label, *time_it(eager, a.warmup, a.iterations))
                # The same forward captured once as a CUDA graph and replayed.
                s = torch.cuda.Stream()
                s.wait_stream(torch.cuda.current_stream())
                with torch.cuda.stream(s):
                    for _ in range(3):
                        model(x)
                torch.cuda.current_stream().wait_stream(s)
                graph = torch.cuda.CUDAGraph()
                with torch.cuda.graph(graph):
                    model(x)
                def replay():
                    graph.replay()
                    torch.cuda.synchronize()
                row("torchvision resnet50", b, "pytorch-cuda-graph-" + label, *time_it(replay, a.warmup, a.iterations))

if __name__ == "__main__":
    main()
