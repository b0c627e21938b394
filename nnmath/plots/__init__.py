"""Plots for the lessons, drawn on pyplot-free matplotlib figures.

Every function returns a ``matplotlib.figure.Figure`` (or draws on an ``ax``
it is given), with a title, labelled axes and the course's colour-blind-safe
palette. ``%matplotlib inline`` in a notebook shows a returned figure.
One module per lesson topic; each lists its public names in ``__all__``.
"""

from .activations import *
from .backprop import *
from .base import *
from .chain_rule import *
from .conv import *
from .descent import *
from .digits import *
from .layers import *
from .loss import *
from .networks import *
from .neuron import *
from .optimisers import *
from .playground import *
from .vectors import *
from .words import *
