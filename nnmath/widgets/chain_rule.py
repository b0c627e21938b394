"""Lesson 07: the derivative as a slope, and the backward pass stepped node by node."""

import html

import ipywidgets as ipw

from .._checks import as_number, as_window
from ..autograd import local_gradients, neuron_loss_graph
from ..plots import (
    draw_graph,
    draw_secant,
    figure,
    label,
    node_name,
    update_graph,
    update_secant,
)
from .base import Explorer, int_slider, legend_below, slider
from .tex import activation_tex, fmt, minus, result

__all__ = [
    "ChainRuleExplorer",
    "DerivativeExplorer",
    "chain_rule_explorer",
    "derivative_explorer",
]


class DerivativeExplorer(Explorer):
    """Slide x₀ and shrink h: the secant through x₀ and x₀ + h turns into the tangent.

    ``update(x0, h)`` returns ``{"f0", "forward", "central", "tangent",
    "forward_error", "central_error"}``: f(x₀), the forward difference
    (f(x₀+h) − f(x₀))/h, the central difference (f(x₀+h) − f(x₀−h))/2h, the
    true f′(x₀) and how far each difference is from it.
    """

    def __init__(self, f, df, x0=1.0, h=1.0, xlim=(-2.5, 2.5), ylim=None, name="f"):
        if not (callable(f) and callable(df)):
            raise ValueError("f and df must be functions of x (df is the derivative of f)")
        if not (isinstance(name, str) and name.isprintable() and 1 <= len(name) <= 20):
            raise ValueError(f"name must be a short printable name like 'f', got {name!r}")
        xlim = as_window(xlim, "xlim")
        if not 1.0 < xlim[1] - xlim[0] <= 2e3:  # x₀'s slider keeps 0.5 from either end
            raise ValueError(f"xlim must be wider than 1 and at most 2000, got {xlim}")
        if ylim is not None:
            ylim = as_window(ylim, "ylim")
        # The name goes into the title (matplotlib reads $…$ as math) and the equation (HTML).
        self.name = html.escape(name)
        controls = {
            "x0": slider("x₀ (where)", x0, xlim[0] + 0.5, xlim[1] - 0.5, 0.05),
            "h": slider("h (step)", h, 0.01, 2.0, 0.01),
        }
        fig, self.ax = figure(4.6, 3.5)
        x0, h = controls["x0"].value, controls["h"].value
        self.artists = draw_secant(self.ax, f, x0, h, df, xlim, ylim)
        label(self.ax, "", "x", name.replace("$", r"\$") + "(x)")
        legend_below(fig, ncols=3)
        super().__init__(fig, controls)

    def _draw(self, x0, h):
        s = update_secant(self.artists, x0, h)
        s["forward_error"] = abs(s["forward"] - s["tangent"])
        s["central_error"] = abs(s["central"] - s["tangent"])
        self.ax.set_title(
            minus(f"secant slope {s['forward']:.3f}, tangent slope {s['tangent']:.3f}"),
            fontsize=11,
        )
        f = self.name
        self.equation.value = (
            rf"$\frac{{{f}(x_0+h) - {f}(x_0)}}{{h}} = \frac{{{fmt(self.artists['f'](x0 + h), 3)}"
            rf" - {fmt(s['f0'], 3)}}}{{{fmt(h)}}} = {result(s['forward'], 3)}$"
            rf" $\;\to\; {f}'({fmt(x0)}) = {result(s['tangent'], 3)}$"
            rf" (off by {result(s['forward_error'], 3)});"
            rf" central $\frac{{{f}(x_0+h) - {f}(x_0-h)}}{{2h}} = {result(s['central'], 3)}$"
            rf" (off by {result(s['central_error'], 4)})"
        )
        self.redraw()
        return s


def derivative_explorer(*args, **kwargs):
    """The lesson 07 secant → tangent widget: ``DerivativeExplorer(*args, **kwargs)``."""
    return DerivativeExplorer(*args, **kwargs)


_NODE_TEX = {"w·x": r"(w x)", "a − y": r"(a - y)", "−y": r"(-y)"}


def _node_tex(node):
    name = node_name(node)
    return _NODE_TEX.get(name, name)


class ChainRuleExplorer(Explorer):
    """Step through the backward pass of L = (f(w·x + b) − y)² one node at a time.

    Controls: ``w``, ``x``, ``b`` (sliders) and ``step`` (0 = forward values
    only; k = the backward pass has reached k nodes, the k-th highlighted).
    A Play button under the sliders steps automatically. The live equation
    is the chain rule at the highlighted node, with the numbers in it.

    ``update(w, x, b, step)`` returns ``{"L", "values", "grads", "shown",
    "order", "current"}``: the loss, every named node's forward value and
    full gradient ∂L/∂node (dicts by label), the gradients revealed so far,
    the labels in backward order and the label reached at this step (None at 0).
    """

    image_format = "jpeg"  # ~27 labels change per move: JPEG's faster encode keeps it < 50 ms

    def __init__(self, w=0.5, x=1.5, b=-0.2, y=1.0, activation="sigmoid", step=0):
        self.y = as_number(y, "y", -1e3, 1e3)
        self.activation = activation
        controls = {
            "w": slider("weight w", w, -3, 3, 0.1),
            "x": slider("input x", x, -3, 3, 0.1),
            "b": slider("bias b", b, -3, 3, 0.1),
        }
        w, x, b = (controls[k].value for k in ("w", "x", "b"))
        root = neuron_loss_graph(w, x, b, self.y, activation)["L"]
        self.n_nodes = len(root.topological_order())
        controls["step"] = int_slider("backward step", step, 0, self.n_nodes)
        fig, self.ax = figure(7.8, 4.0)  # room for the graph's 9 pt text
        self.artists = draw_graph(self.ax, root)
        label(self.ax, "", "forward: values →     ← backward: gradients", "")
        self.play = ipw.Play(value=step, min=0, max=self.n_nodes, interval=900, description="play")
        ipw.jslink((self.play, "value"), (controls["step"], "value"))
        super().__init__(fig, controls, extras=[self.play])

    def static_artists(self):
        # The white boxes, node names and the words "data" and "grad": drawn once.
        return self.artists["static"]

    def _draw(self, w, x, b, step):
        nodes = neuron_loss_graph(w, x, b, self.y, self.activation)
        root = nodes["L"]
        info = update_graph(self.artists, root, step)
        final = info["grads"]
        grads = {name: final[node] for name, node in nodes.items()}
        values = {name: node.data for name, node in nodes.items()}
        reached = info["steps"][:step]
        shown = {node_name(s["node"]): s["grad"] for s in reached}
        current = info["current"]
        if current is None:
            self.ax.set_title(f"step 0: forward pass only, L = {root.data:.4f}", fontsize=11)
            f = activation_tex(self.activation)
            self.equation.value = (
                rf"forward: $L = ({f}(w x + b) - y)^2"
                rf" = ({f}({fmt(w)}\cdot{fmt(x)} + {fmt(b)})"
                rf" - {fmt(self.y)})^2 = {result(root.data, 4)}$"
            )
        else:
            self.ax.set_title(
                f"step {step} of {self.n_nodes}: ∂L/∂({node_name(current)}) = "
                + minus(f"{final[current]:.4f}"),
                fontsize=11,
            )
            self.equation.value = self._chain_rule_text(current, info["order"], final, step)
        self.redraw()
        return {
            "L": root.data,
            "values": values,
            "grads": grads,
            "shown": shown,
            "order": [node_name(n) for n in info["order"]],
            "current": None if current is None else node_name(current),
        }

    @staticmethod
    def _chain_rule_text(node, order, grads, step):
        """∂L/∂node = Σ over its users p of ∂L/∂p · ∂p/∂node, with the numbers."""
        lhs = rf"\frac{{\partial L}}{{\partial {_node_tex(node)}}}"
        if step == 1:
            return rf"${lhs} = 1$ (the seed: the output's gradient with respect to itself)"
        terms, numbers = [], []
        for user in order[: order.index(node)]:
            for child, local in zip(user._prev, local_gradients(user), strict=True):
                if child is node:
                    p = _node_tex(user)
                    terms.append(
                        rf"\frac{{\partial L}}{{\partial {p}}}"
                        rf"\frac{{\partial {p}}}{{\partial {_node_tex(node)}}}"
                    )
                    numbers.append(rf"{fmt(grads[user], 3)}\cdot{fmt(local, 3)}")
        return (
            rf"chain rule: ${lhs} = {' + '.join(terms)} = {' + '.join(numbers)}"
            rf" = {result(grads[node], 4)}$"
        )


def chain_rule_explorer(*args, **kwargs):
    """The lesson 07 backward-pass widget: ``ChainRuleExplorer(*args, **kwargs)``."""
    return ChainRuleExplorer(*args, **kwargs)
