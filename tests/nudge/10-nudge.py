"""Kernel startup file of `make test-portable`'s "nudged" rows (tools/portable.py).

It scales every float that a seeded ``np.random.default_rng`` draws (normal,
standard_normal, uniform, random) by ``1 + HIDDEN_MATH_NUDGE`` — a few units in
the last place — which is how a CPU with another BLAS kernel perturbs a run. A
cell whose printed output survives every CPU kernel but not this nudge sits on a
chaotic edge or prints a digit that is only round-off: a kind of CPU we have not
tried would break it. Integer draws (shuffles, choices) are left alone.
"""

import os

import numpy as np

_scale = 1.0 + float(os.environ.get("HIDDEN_MATH_NUDGE", "0"))
_default_rng = np.random.default_rng


class _NudgedGenerator(np.random.Generator):
    def normal(self, *args, **kwargs):
        return super().normal(*args, **kwargs) * _scale

    def standard_normal(self, *args, **kwargs):
        return super().standard_normal(*args, **kwargs) * _scale

    def uniform(self, *args, **kwargs):
        return super().uniform(*args, **kwargs) * _scale

    def random(self, *args, **kwargs):
        return super().random(*args, **kwargs) * _scale


def _nudged_default_rng(seed=None):
    return _NudgedGenerator(_default_rng(seed).bit_generator)


np.random.default_rng = _nudged_default_rng
del os
