"""A scalar automatic-differentiation engine, in the spirit of Karpathy's micrograd.

Every ``Value`` remembers the values it was made from and how; ``backward()``
walks that graph from the output to the inputs and applies the chain rule,
adding each node's contribution to ``grad`` (a node used twice collects two).
Introduced in lesson 07.
"""

import math


class Value:
    """A scalar that records how it was computed so it can backpropagate.

    Parameters
    ----------
    data : float
    label : str, optional
        A name shown when the graph is drawn (lesson 07).

    Attributes
    ----------
    data : float
        The forward value.
    grad : float
        ∂(output)/∂(this value) after ``output.backward()``; accumulates, so
        call ``zero_grad()`` between steps.

    Introduced in lesson 07.
    """

    __slots__ = ("_backward", "_op", "_prev", "data", "grad", "label")

    def __init__(self, data, _children=(), _op="", label=""):
        data = float(data)
        if math.isnan(data):
            raise ValueError(f"Value{(' ' + label) if label else ''} got NaN")
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
        if not isinstance(k, (int, float)):
            raise ValueError(f"only constant powers are supported, got {type(k).__name__}")
        out = Value(self.data**k, (self,), f"**{k:g}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad

        out._backward = _backward
        return out

    def exp(self):
        """e^x; d/dx = e^x."""
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self):
        """ln x for x > 0; d/dx = 1/x."""
        if self.data <= 0:
            raise ValueError(f"log needs a positive value, got {self.data}")
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
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other**-1

    def __rtruediv__(self, other):
        return other * self**-1

    def __repr__(self):
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.4g}, grad={self.grad:.4g})"


def _noop():
    pass
