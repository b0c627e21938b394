"""Lesson 07's graph drawing: no edge label covers a node's text (a node used three times)."""

import pytest

from nnmath import Value, autograd, plots


def _overlaps(a, b, touch=1.0):
    """Whether two display boxes overlap by more than ``touch`` pixels each way."""
    return min(a.x1, b.x1) - max(a.x0, b.x0) > touch and min(a.y1, b.y1) - max(a.y0, b.y0) > touch


def _a_used_three_times():
    a = Value(3.0, label="a")
    aa = a * a
    aa.label = "a·a"
    c = aa + a
    c.label = "c"
    c.backward()
    return c


@pytest.mark.parametrize(
    "root",
    [_a_used_three_times(), autograd.neuron_loss_graph(0.5, 1.5, -0.2, 1.0)["L"]],
    ids=["a·a + a", "neuron"],
)
def test_edge_labels_cover_no_node_text(root):
    fig = plots.computational_graph(root)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    # The edge labels are the local derivatives, "×…"; the other texts are the nodes'.
    labels = [t for t in ax.texts if t.get_text().startswith("×") and t.get_visible()]
    others = [t for t in ax.texts if t not in labels and t.get_text()]
    assert labels and others
    for lab in labels:
        box = lab.get_window_extent(renderer)
        for text in others:
            assert not _overlaps(box, text.get_window_extent(renderer)), (
                f"edge label {lab.get_text()!r} covers {text.get_text()!r}"
            )
