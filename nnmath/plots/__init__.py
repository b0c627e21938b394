"""Plots for the lessons, drawn on pyplot-free matplotlib figures.

Every function returns a ``matplotlib.figure.Figure`` (or draws on an ``ax``
it is given), with a title, labelled axes and the course's colour-blind-safe
palette. ``%matplotlib inline`` in a notebook shows a returned figure.
One module per lesson topic; each lists its public names in ``__all__``.
"""

from .base import *
from .neuron import *
from .vectors import *
