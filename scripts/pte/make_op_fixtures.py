"""Builds the small ExecuTorch programs under vulkan-backend/src/test/resources/pte/: one module per
operator translation that the shared models do not cover, lowered by ExecuTorch's own
VulkanPartitioner. The tests compute the expected outputs themselves (Java references), but for the
quantized program, whose PyTorch reference output (and its input) is written beside it as ONNX
TensorProto files (NAME.input.pb, NAME.output.pb).

  PYTHONPATH=WORKDIR/pkg WORKDIR/venv/bin/python scripts/pte/make_op_fixtures.py OUT_DIR [NAME...]
(WORKDIR from ../shared/pte-tools/setup.sh; NAMEs: only those programs). Prints each program's
delegated operators.
"""
import os, sys
import torch
from onnx import numpy_helper
from torch.export import export
from executorch.exir import to_edge_transform_and_lower, EdgeCompileConfig
from executorch.backends.vulkan.partitioner.vulkan_partitioner import VulkanPartitioner
from executorch.exir._serialize._program import deserialize_pte_binary
from executorch.backends.vulkan.serialization.vulkan_graph_serialize import (
    VulkanDelegateHeader, flatbuffer_to_vk_graph)


class SplitWithSizes(torch.nn.Module):
    """x [1, 8, 4, 4] split along channels into 3 and 5: the parts scaled apart, then joined."""
    def forward(self, x):
        a, b = torch.split(x, [3, 5], dim=1)
        return torch.cat([b * 2.0, a + 1.0], dim=1)


class SplitEvenly(torch.nn.Module):
    """x [1, 8, 4, 4] split along channels in parts of 3 (3, 3, 2): each part scaled by its index."""
    def forward(self, x):
        a, b, c = torch.split(x, 3, dim=1)
        return torch.cat([c * 3.0, b * 2.0, a], dim=1)


class ScalarConstants(torch.nn.Module):
    """HardSigmoid written out, as MobileNetV3's SE blocks are: clamp(x + 3, 0, 6) / 6."""
    def forward(self, x):
        return x * (torch.clamp(x + 3.0, 0.0, 6.0) / 6.0)


class ChannelLayerNorm(torch.nn.Module):
    """ConvNeXt's LayerNorm2d and head on x [1, 8, 4, 4]: layer norm over channels (channels last),
    then adaptive average pooling to 1 x 1, the same norm on [1, 8, 1, 1] and a flatten (an as_strided_copy in the
    program's plan). Weights: norm scale 1 + 0.1 c, bias 0.05 c (c the channel)."""
    def __init__(self):
        super().__init__()
        self.norm = torch.nn.LayerNorm(8, eps=1e-6)
        self.head = torch.nn.LayerNorm(8, eps=1e-6)
        with torch.no_grad():
            for n in (self.norm, self.head):
                n.weight.copy_(1 + 0.1 * torch.arange(8.0)); n.bias.copy_(0.05 * torch.arange(8.0))

    def forward(self, x):
        y = self.norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        pooled = torch.nn.functional.adaptive_avg_pool2d(y, 1)
        z = self.head(pooled.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        return torch.cat([y.flatten(1), z.flatten(1)], 1)


class AdaptivePool(torch.nn.Module):
    """Adaptive average pooling of x [1, 8, 4, 4] to 2 x 2 and to 4 x 1 (windows 2 x 2 and 1 x 4),
    flattened and joined: [1, 64]. VGG's 7 x 7 pooling takes the same path."""
    def forward(self, x):
        f = torch.nn.functional.adaptive_avg_pool2d
        return torch.cat([f(x, 2).flatten(1), f(x, (4, 1)).flatten(1)], 1)


class Upsample(torch.nn.Module):
    """x [1, 8, 4, 4] resized as segmentation heads do: bilinear to 8 x 8, bilinear with
    align_corners to 7 x 5, nearest to 8 x 12; flattened and joined: [1, 8 * (64 + 35 + 96)]."""
    def forward(self, x):
        f = torch.nn.functional.interpolate
        return torch.cat([f(x, size=(8, 8), mode="bilinear", align_corners=False).flatten(1),
                          f(x, size=(7, 5), mode="bilinear", align_corners=True).flatten(1),
                          f(x, size=(8, 12), mode="nearest").flatten(1)], 1)


class ChannelsLastLinear(torch.nn.Module):
    """ConvNeXt's pointwise layers: a Linear(8, 12) over the channels of x [1, 8, 4, 4] made channels
    last, then back: [1, 12, 4, 4]. Quantized (PT2E, XNNPACK's per-channel symmetric config), it
    lowers to et_vk.q8ta_linear on a 4-D input."""
    def __init__(self):
        super().__init__()
        torch.manual_seed(5)
        self.fc = torch.nn.Linear(8, 12)
        self.fc2 = torch.nn.Linear(12, 12)

    def forward(self, x):
        h = torch.relu(self.fc(torch.nn.functional.layer_norm(x.permute(0, 2, 3, 1), (8,))))
        return self.fc2(h).permute(0, 3, 1, 2)


F = torch.nn.functional
# One operator translation each, checked against PyTorch's output (written beside the program):
# ExecuTorch's decompositions turn each into the aten operator named in the comment.
# A fixed sampling grid for ref_grid_sample: [1, 5, 6, 2] in [-1.2, 1.2), some points outside.
GRID = torch.rand(1, 5, 6, 2, generator=torch.Generator().manual_seed(5)) * 2.4 - 1.2

WITH_REFERENCE = {
    "ref_bmm": lambda x: torch.bmm(x.flatten(2), x.flatten(2).transpose(1, 2)).unsqueeze(1),  # bmm, unsqueeze_copy
    "ref_matmul4d": lambda x: torch.matmul(x, x.transpose(2, 3)),  # squeeze_copy.dims, bmm
    "ref_unsqueeze_squeeze": lambda x: x.unsqueeze(2).squeeze(2) * 2,
    "ref_slice": lambda x: x[:, :, 1:3, ::2] + 1,  # slice_copy
    "ref_select": lambda x: x[:, 0] * 3,  # select_copy
    "ref_pad": lambda x: F.pad(x, (1, 2, 0, 1), value=0.5),  # constant_pad_nd
    "ref_pixel_shuffle": lambda x: F.pixel_shuffle(x, 2),
    "ref_sum": lambda x: x.sum(dim=(2, 3), keepdim=True),  # sum.dim_IntList
    "ref_pow_rsqrt": lambda x: torch.rsqrt(x.pow(2) + 1),
    "ref_maximum_flip": lambda x: torch.maximum(x, x.flip(3)),  # flip; maximum in the plan
    "ref_repeat": lambda x: x.repeat(1, 1, 2, 1),
    "ref_amax": lambda x: x.amax(dim=1, keepdim=True),
    "ref_expand": lambda x: x[:, :1].expand(-1, 8, -1, -1) + x,  # slice_copy, expand_copy
    "ref_where": lambda x: torch.where(x > 0, x, x * 0.1),  # gt.Scalar, where.self
    "ref_group_norm": torch.nn.GroupNorm(2, 8),  # native_group_norm
    "ref_instance_norm": torch.nn.InstanceNorm2d(8),  # _native_batch_norm_legit.no_stats in the plan
    "ref_conv_transpose": torch.nn.ConvTranspose2d(8, 4, 3, 2, 1, 1),  # convolution, transposed
    "ref_mean_all": lambda x: x.mean(dim=(1, 2, 3)),  # mean.dim (not spatial) in the plan
    "ref_log_softmax": lambda x: F.log_softmax(x, dim=1),  # _log_softmax
    "ref_argmax": lambda x: x.argmax(dim=1, keepdim=True).float(),
    "ref_index_select": lambda x: x.index_select(1, torch.tensor([0, 2, 4])),
    "ref_topk": lambda x: torch.topk(x.flatten(1), 5).values,  # topk in the plan
    "ref_softplus": lambda x: F.softplus(x),  # log1p in the plan
    "ref_masked_fill": lambda x: x.masked_fill(x < 0, 0.5),  # scalar_tensor in the plan
    "ref_mean_every": lambda x: x - x.mean(),  # mean.dtype_out in the plan
    "ref_sign": lambda x: torch.sign(x - 0.25) * 2 + x,
    "ref_var": lambda x: x.var(dim=(2, 3), keepdim=True) + x,  # var.correction
    "ref_std": lambda x: x.std(dim=1, unbiased=False),  # std.correction, correction 0
    "ref_cumsum": lambda x: torch.cumsum(x, dim=1) + torch.cumsum(x, dim=3),
    "ref_full_like": lambda x: x * torch.full_like(x, 1.5) + torch.full((1, 8, 4, 4), 0.25),
    "ref_select_5d": lambda x: x.view(2, 1, 4, 4, 4).select(0, 1) * 2,  # select_copy, rank 5
    "ref_softmax_5d": lambda x: x.view(1, 2, 4, 4, 4).softmax(-1).view(1, 8, 4, 4) * x,
    "ref_clamp_tensor": lambda x: torch.clamp(x, min=x.mean(dim=1, keepdim=True),
                                              max=x.amax(dim=(2, 3), keepdim=True) * 0.5),
    "ref_sin_cos": lambda x: torch.sin(x) + torch.cos(x * 2),
    "ref_grid_sample": lambda x: F.grid_sample(
        x, GRID, mode="bilinear", padding_mode="border", align_corners=False),
}


class Gather(torch.nn.Module):
    """torch.gather along channels (a constant index) and along the width (an index computed from
    x: argmax positions repeated), summed."""
    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(11)
        self.register_buffer("index", torch.randint(0, 8, (1, 8, 4, 4), generator=g))

    def forward(self, x):
        widths = x.argmax(dim=3, keepdim=True).expand(-1, -1, -1, 4)
        return torch.gather(x, 1, self.index) + torch.gather(x, 3, widths)


class ShiftedWindowMask(torch.nn.Module):
    """Swin Transformer's shifted-window attention mask, built in the graph from slice
    assignments of constants (slice_scatter, copy, full, a delegate's constant outputs), then
    used on x [1, 8, 4, 4] as in attention: a softmax over the 16 positions with the mask added
    (ne and where from masked_fill), with the positions picked by an arange-and-fmod index."""
    def forward(self, x):
        img = torch.zeros(1, 4, 4, 1)
        cnt = 0
        for h in (slice(0, 2), slice(2, 3), slice(3, None)):
            for w in (slice(0, 1), slice(1, None)):
                img[:, h, w, :] = cnt
                cnt += 1
        m = img.view(1, 16)
        mask = m.unsqueeze(1) - m.unsqueeze(2)
        mask = mask.masked_fill(mask != 0, -100.0).masked_fill(mask == 0, 0.0)
        idx = torch.fmod(torch.arange(16), 5)
        t = x.flatten(2)
        scores = torch.matmul(t.transpose(1, 2), t)[:, idx] + mask
        return torch.matmul(t, scores.softmax(-1)) + torch.fmod(t, 0.7)


class Rank5BroadcastAdd(torch.nn.Module):
    """Swin int8's mask add in small: a rank-5 view of x [1, 8, 4, 4] plus its mean over dim 2,
    broadcast back (quantized: an int8 add of rank-5 operands)."""
    def forward(self, x):
        a = x.view(1, 2, 4, 4, 4)
        return (a + a.mean(dim=2, keepdim=True)).view(1, 8, 4, 4)


class Lambda(torch.nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, x):
        return self.f(x)


def quantized(module, x):
    from executorch.backends.xnnpack.quantizer.xnnpack_quantizer import (
        XNNPACKQuantizer, get_symmetric_quantization_config)
    from torchao.quantization.pt2e.quantize_pt2e import prepare_pt2e, convert_pt2e
    q = XNNPACKQuantizer()
    q.set_global(get_symmetric_quantization_config(is_per_channel=True, is_dynamic=False))
    prepared = prepare_pt2e(export(module, (x,), strict=True).module(), q)
    torch.manual_seed(6)
    with torch.no_grad():
        for _ in range(8):
            prepared(torch.randn(x.shape))
    return convert_pt2e(prepared)


def delegated_ops(buffer):
    pte = deserialize_pte_binary(buffer)
    prog = pte.program if hasattr(pte, "program") else pte
    plan = prog.execution_plan[0]
    names = []
    for d in plan.delegates:
        blob = prog.backend_delegate_data[d.processed.index].data
        h = VulkanDelegateHeader.from_bytes(blob[:30])
        g = flatbuffer_to_vk_graph(blob[h.flatbuffer_offset:h.flatbuffer_offset + h.flatbuffer_size])
        names += [op.name for op in g.chain]
    return sorted(set(names)), [o.name for o in plan.operators]


def main(out, only=None):
    os.makedirs(out, exist_ok=True)
    x = torch.randn(1, 8, 4, 4)
    for name, module in [("split_with_sizes", SplitWithSizes()), ("split_evenly", SplitEvenly()),
                         ("scalar_constants", ScalarConstants()),
                         ("channel_layer_norm", ChannelLayerNorm()),
                         ("adaptive_pool", AdaptivePool()),
                         ("upsample", Upsample()),
                         ("ref_gather", Gather()),
                         ("ref_shifted_window_mask", ShiftedWindowMask()),
                         ("q8ta_linear_4d", quantized(ChannelsLastLinear().eval(), x)),
                         ("ref_q8_add_5d", quantized(Rank5BroadcastAdd().eval(), x))] + [
                             (k, v if isinstance(v, torch.nn.Module) else Lambda(v))
                             for k, v in WITH_REFERENCE.items()]:
        if only and name not in only:
            continue
        torch.manual_seed(3)
        if isinstance(module, torch.nn.ConvTranspose2d):
            module.reset_parameters()
        if isinstance(module, torch.nn.GroupNorm):  # weights other than the identity's
            with torch.no_grad():
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0.0, 0.5)
        ep = export(module if isinstance(module, torch.fx.GraphModule) else module.eval(), (x,))
        referenced = isinstance(module, torch.fx.GraphModule) or name.startswith("ref_")
        prog = to_edge_transform_and_lower(
            ep, compile_config=EdgeCompileConfig(_skip_dim_order=False),
            partitioner=[VulkanPartitioner()]).to_executorch()
        open(f"{out}/{name}.pte", "wb").write(prog.buffer)
        if referenced:
            # No Java reference: PyTorch's output (for the quantized module its reference, float
            # arithmetic between the quantize steps) on a seeded input goes beside it.
            torch.manual_seed(8)
            xin = torch.randn(x.shape)
            with torch.no_grad():
                y = module(xin)
            for suffix, t in (("input", xin), ("output", y)):
                open(f"{out}/{name}.{suffix}.pb", "wb").write(
                    numpy_helper.from_array(t.numpy(), suffix).SerializeToString())
        print(name, len(prog.buffer), "bytes; delegated", *delegated_ops(prog.buffer))


if __name__ == "__main__":
    main(sys.argv[1], set(sys.argv[2:]))
