"""A scalar automatic-differentiation engine, in the spirit of Karpathy's micrograd.

Every ``Value`` remembers the values it was made from and how; ``backward()``
walks that graph from the output to the inputs and applies the chain rule,
adding each node's contribution to ``grad`` (a node used twice collects two).
``neuron_loss_graph`` builds lesson 07's graph L = (f(w·x + b) − y)², and
``local_gradients`` and ``backward_steps`` replay the chain rule one node at
a time, the numbers that ``plots.computational_graph`` draws.
Introduced in lesson 07.
"""

import math
from collections import Counter

from ._checks import _what, as_number

__all__ = ["Value", "backward_steps", "local_gradients", "neuron_loss_graph"]

_ACTIVATIONS = ("sigmoid", "tanh", "relu")


class Value:
    """A scalar that records how it was computed so it can backpropagate.

    Parameters
    ----------
    data : float
        A finite real number (Python or NumPy); strings and bools are refused.
    label : str, optional
        A name shown when the graph is drawn (lesson 07).

    Attributes
    ----------
    data : float
        The forward value.
    grad : float
        ∂(output)/∂(this value) after ``output.backward()``; accumulates, so
        call ``zero_grad()`` between steps.

    Notes
    -----
    An operation whose result overflows gives ±inf, as NumPy does
    (``Value(1000).exp()`` and ``Value(2) ** 1e4`` are inf), never an error or a
    warning. A result that is not a real number raises a ``ValueError``: NaN
    (inf − inf, 0 · inf), 1/0, the log of x ≤ 0 and a fractional power of x < 0.

    Introduced in lesson 07.
    """

    __slots__ = ("_backward", "_op", "_prev", "data", "grad", "label")

    def __init__(self, data, _children=(), _op="", label=""):
        if not isinstance(label, str):
            raise TypeError(f"label must be a str, got {_what(label)}")
        if not _children:  # a number from outside: checked
            data = as_number(data, label or "Value data")
        elif math.isnan(data):  # an operation's float result, which may overflow to ±inf
            raise ValueError(
                f"{_op} gave NaN (inf − inf or 0 · inf): an earlier result overflowed to inf"
            )
        self.data = data
        self.grad = 0.0
        self._prev = tuple(_children)
        self._op = _op
        self._backward = _noop
        self.label = label

    @staticmethod
    def _lift(other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        other = Value._lift(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = Value._lift(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, k):
        """x ** k for a constant k (a number); d/dx = k x^(k − 1).

        A result that overflows is ±inf, without a warning: ``Value(2) ** 1e4`` and
        ``Value(1e300) ** 2`` are inf, and so can be the slope k x^(k − 1).
        """
        if isinstance(k, Value):
            raise TypeError("only constant powers are supported: k in x ** k must be a number")
        k = as_number(k, "the power k")
        x = self.data
        if x < 0 and k != math.floor(k):
            raise ValueError(f"a negative number has no real power {k:g}, got ({x:g}) ** {k:g}")
        if x == 0 and k < 0:
            raise ValueError(f"0 has no negative power (a division by zero), got 0 ** {k:g}")
        out = Value(_power(x, k), (self,), f"**{k:g}")

        def _backward():
            # x⁰ = 1 has slope 0 everywhere, also at x = 0, where 0 · 0^(−1) would not say so
            self.grad += (k * _power(self.data, k - 1) if k else 0.0) * out.grad

        out._backward = _backward
        return out

    def exp(self):
        """e^x; d/dx = e^x. Overflows to inf for x > 709.78."""
        try:
            e = math.exp(self.data)
        except OverflowError:
            e = math.inf
        out = Value(e, (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self):
        """ln x for x > 0; d/dx = 1/x."""
        if self.data <= 0:
            raise ValueError(f"log needs a value > 0, got {self.data}")
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def tanh(self):
        """tanh x; d/dx = 1 − tanh² x."""
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1.0 - t * t) * out.grad

        out._backward = _backward
        return out

    def sigmoid(self):
        """σ(x) = 1/(1 + e^(−x)); d/dx = σ(1 − σ)."""
        x = self.data
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        out = Value(s, (self,), "σ")

        def _backward():
            self.grad += s * (1.0 - s) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        """max(0, x); d/dx = 1 if x > 0 else 0."""
        out = Value(max(self.data, 0.0), (self,), "relu")

        def _backward():
            self.grad += (self.data > 0) * out.grad

        out._backward = _backward
        return out

    def topological_order(self):
        """Every node of the graph ending here, each after all the nodes it was made from."""
        order, seen = [], set()
        stack = [(self, False)]
        # Iterative depth-first search: deep graphs don't hit Python's recursion limit.
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((child, False) for child in node._prev)
        return order

    def backward(self):
        """Set ∂self/∂v for every node v of the graph, output to inputs (chain rule)."""
        order = self.topological_order()
        self.grad = 1.0
        for node in reversed(order):
            node._backward()

    def zero_grad(self):
        """Set ``grad`` to 0 on every node of the graph ending here."""
        for node in self.topological_order():
            node.grad = 0.0

    def __neg__(self):
        return self * -1.0

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        # −y for a number y stays one constant node, as lesson 07's graph of a − y shows
        return self + (-(other if isinstance(other, Value) else as_number(other, "Value data")))

    def __rsub__(self, other):
        return -self + other

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        if isinstance(other, Value):
            return self * other**-1
        other = as_number(other, "the divisor")
        if other == 0:
            raise ValueError(f"division by zero: {self.data:g} / 0")
        reciprocal = _power(other, -1)
        if math.isinf(reciprocal):  # 1/other overflows: a ** node may hold inf, a constant not
            return self * Value(other) ** -1
        return self * reciprocal  # 1/other as one constant node

    def __rtruediv__(self, other):
        return self**-1 * other

    def __repr__(self):
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.4g}, grad={self.grad:.4g})"


def _noop():
    pass


def _power(x, k):
    """x ** k for floats: ±inf where it overflows, +inf for 0 ** k with k < 0.

    The caller has refused a fractional power of x < 0, so an overflow has a whole k.
    0 ** k with k < 0 is only reached by the slope k·x^(k − 1) of a power 0 < k < 1
    at x = 0, which is +inf.
    """
    try:
        return x**k
    except OverflowError:
        return -math.inf if x < 0 and k % 2 == 1 else math.inf
    except ZeroDivisionError:
        return math.inf


def _check_value(node, name):
    if not isinstance(node, Value):
        raise TypeError(f"{name} must be an autograd Value, got {_what(node)}")


def neuron_loss_graph(w, x, b, y, activation="sigmoid"):
    """Build L = (f(w·x + b) − y)² for one neuron with one input, as labelled ``Value``s.

    L = (a − y)², a = f(z), z = w·x + b. The subtraction is written a + (−y)
    with −y a named constant, which is exactly what ``a - y`` builds inside
    ``Value``.

    Parameters
    ----------
    w, x, b, y : float
        Weight, input, bias and target (finite numbers).
    activation : {"sigmoid", "tanh", "relu"}
        The activation f.

    Returns
    -------
    dict of str -> Value
        ``"w", "x", "b", "wx", "z", "a", "−y", "d", "L"``, each a scalar node;
        ``nodes["L"]`` is the output. Call ``nodes["L"].backward()`` for ∂L/∂w etc.
        A node whose value overflows holds ±inf, without a warning, as in ``Value``:
        L is inf for |y| ≳ 1.3e154 (and w·x for |w·x| > 1.8e308).

    Introduced in lesson 07.
    """
    if not (isinstance(activation, str) and activation in _ACTIVATIONS):
        raise ValueError(f"activation must be 'sigmoid', 'tanh' or 'relu', got {activation!r}")
    n = {
        "w": Value(w, label="w"),
        "x": Value(x, label="x"),
        "b": Value(b, label="b"),
    }
    y = as_number(y, "y")
    n["wx"] = n["w"] * n["x"]
    n["wx"].label = "w·x"
    n["z"] = n["wx"] + n["b"]
    n["z"].label = "z"
    n["a"] = getattr(n["z"], activation)()
    n["a"].label = "a"
    n["−y"] = Value(-y, label="−y")
    n["d"] = n["a"] + n["−y"]
    n["d"].label = "a − y"
    n["L"] = n["d"] ** 2
    n["L"].label = "L"
    return n


def local_gradients(node):
    """The local derivatives ∂node/∂child, one per entry of ``node._prev``.

    ∂(a·b)/∂a = b, ∂(a + b)/∂a = 1, ∂f(a)/∂a = f′(a): found by asking the
    node's own backward rule with ∂L/∂node = 1, so the gradient it hands each
    child is that child's local derivative. A child used twice (``a * a``)
    gets half of its total on each edge, which is exact for + and × (both
    edges carry the same derivative). Every ``grad`` is put back as it was.

    Parameters
    ----------
    node : Value

    Returns
    -------
    list of float, length ``len(node._prev)``
        Empty for an input or a constant.

    Introduced in lesson 07.
    """
    _check_value(node, "node")
    children = node._prev
    if not children:
        return []
    saved = {id(n): (n, n.grad) for n in (node, *children)}
    try:
        for child in children:
            child.grad = 0.0
        node.grad = 1.0
        node._backward()
        total = {id(c): c.grad for c in children}
    finally:
        for n, g in saved.values():
            n.grad = g
    counts = Counter(id(c) for c in children)
    return [total[id(c)] / counts[id(c)] for c in children]


def backward_steps(root):
    """Replay ``root``'s backward pass one node at a time and record each step.

    ∂root/∂v = Σ over the users u of v of ∂root/∂u · ∂u/∂v, with ∂root/∂root = 1.
    The nodes are visited in reverse topological order, exactly as
    ``Value.backward`` does: every node after all the nodes that use it, so
    its gradient is complete when it is reached. The replay starts from zero
    gradients and runs each node's own backward rule; afterwards every
    ``grad`` is put back as it was, so replaying never changes the graph.

    Parameters
    ----------
    root : Value
        The output of the graph.

    Returns
    -------
    list of dict, one per node in backward order (``root`` first)
        ``"node"``, ``"grad"`` (float, ∂root/∂node, complete when it is
        reached) and ``"local"`` (``local_gradients(node)``: list of float,
        one per entry of ``node._prev``).

    Introduced in lesson 07.
    """
    _check_value(root, "root")
    order = list(reversed(root.topological_order()))
    saved = [node.grad for node in order]
    try:
        for node in order:
            node.grad = 0.0
        root.grad = 1.0
        steps = []
        for node in order:
            steps.append({"node": node, "grad": node.grad, "local": local_gradients(node)})
            node._backward()
    finally:
        for node, g in zip(order, saved, strict=True):
            node.grad = g
    return steps
