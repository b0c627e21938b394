"""The package's shape: topic modules re-exported by nnmath.plots and nnmath.widgets."""

import importlib
import pkgutil
from collections import Counter

import pytest

import nnmath.plots
import nnmath.widgets


@pytest.mark.parametrize("package", [nnmath.plots, nnmath.widgets])
def test_topic_modules_export_distinct_names(package):
    # `from .topic import *` lets a later module silently shadow an earlier one's name.
    modules = [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
    ]
    counts = Counter(name for m in modules for name in getattr(m, "__all__", ()))
    assert not [name for name, n in counts.items() if n > 1]
    for m in modules:
        assert hasattr(m, "__all__"), f"{m.__name__} lists no public names"
        for name in m.__all__:
            assert getattr(package, name) is getattr(m, name), f"{name} not re-exported"
