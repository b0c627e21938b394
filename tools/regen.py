"""`make regen`: re-execute lessons in place and store their outputs.

    python -m tools.regen lessons/01_neuron.ipynb ...

Run by the Makefile in the test environment (one BLAS thread, the strict
IPython startup file), with the Python running this script (the venv) as the
kernel, as nbval's ``--nbval-current-env`` does. It keeps the diff of a re-run
minimal: no execution timestamps, ``metadata.kernelspec`` always python3
(JupyterLab then opens the lesson without a kernel dialog), and widget model
ids numbered by creation order instead of random (the stored widget state lets
JupyterLab and `make html` draw the widgets before anything runs).
"""

import hashlib
import os
import sys
import time

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
VIEW = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"
RAISES = "raises-exception"


class CurrentEnvKernelManager(KernelManager):
    """The kernel nbval's ``--nbval-current-env`` uses: this Python, whatever kernelspecs exist."""

    def __init__(self, **kwargs):
        kwargs["kernel_name"] = CURRENT_ENV_KERNEL_NAME
        kwargs["kernel_spec_manager"] = NbvalKernelspecManager()
        super().__init__(**kwargs)


def stable_widget_ids(nb, name):
    ids = [
        out["data"][VIEW]["model_id"]
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if VIEW in out.get("data", {})
    ]
    ids += list(nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {}))
    text = nbformat.writes(nb)
    for i, old in enumerate(dict.fromkeys(ids)):
        text = text.replace(old, hashlib.sha256(f"{name}:{i}".encode()).hexdigest()[:32])
    return nbformat.reads(text, as_version=4)


def regen(path):
    nb = nbformat.read(path, as_version=4)
    if nb.metadata.get("kernelspec", {}).get("name") != "python3":
        nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.pop("widgets", None)
    tagged = []
    for cell in nb.cells:  # nbclient knows the tag, not nbval's comment marker
        tags = cell.metadata.get("tags", [])
        if "NBVAL_RAISES_EXCEPTION" in cell.source and RAISES not in tags:
            cell.metadata["tags"] = [*tags, RAISES]
            tagged.append(cell)
    NotebookClient(
        nb,
        timeout=600,
        record_timing=False,
        store_widget_state=True,
        kernel_manager_class=CurrentEnvKernelManager,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    ).execute()
    for cell in tagged:
        cell.metadata["tags"].remove(RAISES)
        if not cell.metadata["tags"]:
            del cell.metadata["tags"]
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb = stable_widget_ids(nb, os.path.basename(path))
    nbformat.validate(nb)
    tmp = path + ".regen-tmp"
    nbformat.write(nb, tmp)
    os.replace(tmp, path)


def main(paths):
    for path in paths:
        start = time.perf_counter()
        print(f"regen {path} ...", end=" ", flush=True)
        regen(path)
        print(f"{time.perf_counter() - start:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
