"""``nn.Upsample`` (and ``nn.UpsamplingNearest2d``, ``nn.UpsamplingBilinear2d``): its arguments kept as PyTorch keeps them (a scale
factor as a float, or a tuple of floats), forward ``F.interpolate``, and
PyTorch's repr."""
from __future__ import annotations

from .layers import functional
from .module import Module


class Upsample(Module):
    display_name = "Upsample"
    class_path = "torch.nn.modules.upsampling.Upsample"

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None):
        super().__init__()
        if isinstance(scale_factor, tuple):
            scale_factor = tuple(float(f) for f in scale_factor)
        else:
            scale_factor = float(scale_factor) if scale_factor else None
        self.config.update(name=self.display_name, size=size, scale_factor=scale_factor, mode=mode,
                           align_corners=align_corners, recompute_scale_factor=recompute_scale_factor)

    def forward(self, input):
        c = self.config
        return functional("interpolate")(input, c["size"], c["scale_factor"], c["mode"], c["align_corners"],
                                         recompute_scale_factor=c["recompute_scale_factor"])

    def extra_repr(self):
        c = self.config
        info = f"scale_factor={c['scale_factor']!r}" if c["scale_factor"] is not None else f"size={c['size']!r}"
        return info + f", mode={c['mode']!r}"


class UpsamplingNearest2d(Upsample):
    display_name = "UpsamplingNearest2d"
    class_path = "torch.nn.modules.upsampling.UpsamplingNearest2d"

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    display_name = "UpsamplingBilinear2d"
    class_path = "torch.nn.modules.upsampling.UpsamplingBilinear2d"

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)


UPSAMPLE_CLASSES = {"Upsample": Upsample, "UpsamplingNearest2d": UpsamplingNearest2d,
                    "UpsamplingBilinear2d": UpsamplingBilinear2d}
