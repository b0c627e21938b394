"""Interactive widgets for the lessons (ipywidgets + matplotlib).

Each lesson's widget is built by a function here and has an ``update``
method the notebook also calls directly. One module per lesson topic; each
lists its public names in ``__all__``.
"""

from .base import *
from .neuron import *
from .vectors import *
