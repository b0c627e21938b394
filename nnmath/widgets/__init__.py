"""Interactive widgets for the lessons (ipywidgets + matplotlib).

Each lesson's widget is built by a function here and has an ``update``
method the notebook also calls directly. One module per lesson topic; each
lists its public names in ``__all__``.
"""

from .activations import *
from .backprop import *
from .base import *
from .chain_rule import *
from .descent import *
from .digits import *
from .layers import *
from .loss import *
from .networks import *
from .neuron import *
from .playground import *
from .vectors import *
from .words import *
