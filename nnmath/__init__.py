"""nnmath: the mathematics inside neural networks, in plain NumPy.

The core modules import NumPy only: every number a lesson shows is computed
here. ``nnmath.plots`` (matplotlib) draws and ``nnmath.widgets`` (ipywidgets)
wires controls to the core and the plots; the lessons import them on their own.
``nnmath.check`` (the exercises' checks) is imported only when asked for: it
gives a running IPython friendlier messages for unfinished exercises, a change
``import nnmath`` alone never makes.
"""

from . import (
    activations,
    approx,
    autograd,
    conv,
    data,
    gradcheck,
    layers,
    losses,
    network,
    neuron,
    optim,
    surfaces,
    text,
    train,
    vectors,
)
from .autograd import Value
from .layers import Dense
from .network import MLP
from .neuron import Neuron
from .optim import SGD, Adam, AdamW, RMSProp

__version__ = "0.1.0"

__all__ = [
    "MLP",
    "SGD",
    "Adam",
    "AdamW",
    "Dense",
    "Neuron",
    "RMSProp",
    "Value",
    "activations",
    "approx",
    "autograd",
    "check",
    "conv",
    "data",
    "gradcheck",
    "layers",
    "losses",
    "network",
    "neuron",
    "optim",
    "surfaces",
    "text",
    "train",
    "vectors",
]
