"""nnmath: the mathematics inside neural networks, in plain NumPy.

The core modules import NumPy only. ``nnmath.plots`` and ``nnmath.widgets``
(matplotlib, ipywidgets) are imported on their own by the lessons.
"""

from . import (
    activations,
    autograd,
    check,
    data,
    gradcheck,
    layers,
    losses,
    network,
    neuron,
    optim,
    text,
    train,
)
from .autograd import Value
from .layers import Dense
from .network import MLP
from .neuron import Neuron
from .optim import SGD

__version__ = "0.1.0"

__all__ = [
    "MLP",
    "SGD",
    "Dense",
    "Neuron",
    "Value",
    "activations",
    "autograd",
    "check",
    "data",
    "gradcheck",
    "layers",
    "losses",
    "network",
    "neuron",
    "optim",
    "text",
    "train",
]
