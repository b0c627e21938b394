"""Interactive widgets for the lessons (ipywidgets + matplotlib).

Each lesson's widget is an ``Explorer`` class (with a factory function of
the same name in snake case, which the lessons call) and has an ``update``
method the notebook also calls directly. One module per lesson topic, plus
``base`` (the machinery) and ``tex`` (the equations' vocabulary); each lists
its public names in ``__all__``.
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
from .tex import *
from .vectors import *
from .words import *
