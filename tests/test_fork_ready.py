"""Fork-and-teach readiness (issue #10): GitHub Actions, pre-commit, licences.

- .github/workflows/ci.yml runs what the workplace's CI runs (`bash .ci/run`),
  then `make bench`, and uploads the reports our tooling writes.
- .pre-commit-config.yaml: ruff, nbstripout set to keep what the lessons store
  on purpose, and a hook (`make check-outputs`) that refuses a lesson whose
  stored outputs are stale. The hook is run here on small generated notebooks
  in build/ (gitignored); nbstripout is run with the config's own arguments.
- LICENSE (MIT, the code) and lessons/LICENSE (CC BY 4.0, the lessons).
"""

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import tomllib
from importlib.metadata import version
from pathlib import Path

import nbformat
import pytest
import yaml
from _helpers import STAMP, clean_env, make_n
from nbformat.v4 import new_code_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _test_extra_pin(name):
    """The version pinned with == for `name` in pyproject's test extra."""
    for req in _pyproject()["project"]["optional-dependencies"]["test"]:
        m = re.fullmatch(rf"{re.escape(name)}==([\w.]+)", req.replace(" ", ""))
        if m:
            return m[1]
    raise AssertionError(f"{name} is not pinned with == in pyproject's test extra")


def _no_colour(text):
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


# --- GitHub Actions ------------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text())


@pytest.fixture(scope="module")
def job(workflow):
    assert set(workflow["jobs"]) == {"test", "newest"}
    return workflow["jobs"]["test"]


def _step(job, predicate):
    (index,) = [i for i, step in enumerate(job["steps"]) if predicate(step)]
    return index, job["steps"][index]


def test_workflow_runs_on_push_and_pull_request(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request"} <= set(triggers)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    assert "github.ref" in workflow["concurrency"]["group"]


def test_workflow_job_limits(job):
    assert 0 < job["timeout-minutes"] <= 90  # the workplace's CI allows .ci/run 90 min


def test_workflow_runs_ci_run_which_runs_make_test(job):
    _step(job, lambda step: step.get("run", "").strip() == "bash .ci/run")
    commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[-1] == "make test"


def test_workflow_container_is_debian(job):
    container = job["container"]
    image = container if isinstance(container, str) else container["image"]
    # python:<version>-<Debian codename> is Debian; -slim/-alpine would lack apt's chromium or make
    assert re.fullmatch(r"(python:3\.1[0-9]-|debian:)(bookworm|trixie)", image), image


def test_workflow_caches_pip_keyed_on_pyproject_and_the_lock(job):
    cache_dir = job["env"]["PIP_CACHE_DIR"]  # pip in the container and in .venv both read it
    _, step = _step(job, lambda step: step.get("uses", "").startswith("actions/cache@"))
    assert step["with"]["path"] in (cache_dir, "${{ env.PIP_CACHE_DIR }}")
    assert "hashFiles('pyproject.toml', 'requirements.lock')" in step["with"]["key"]
    assert "NEWEST" not in job.get("env", {})  # the blocking job uses the lock


def test_workflow_newest_job_is_non_blocking_and_ignores_the_lock(workflow, job):
    newest = workflow["jobs"]["newest"]
    assert newest["continue-on-error"] is True
    assert newest["env"]["NEWEST"] == "1"
    assert newest["container"] == job["container"]
    _step(newest, lambda step: step.get("run", "").strip() == "bash .ci/run")
    assert "actions/cache@" not in json.dumps(newest)  # nothing cached from the pinned job


def test_workflow_benchmarks_after_the_tests(job):
    tests, _ = _step(job, lambda step: step.get("run", "").strip() == "bash .ci/run")
    bench, step = _step(job, lambda step: step.get("run", "").strip().startswith("make bench"))
    assert bench > tests
    assert "cancelled()" in step["if"]  # also after failed tests: the artifact exists
    assert "benchmarks/bench.py" in make_n("bench")


def _paths_our_tooling_writes(monkeypatch):
    """build/… paths, relative to the repo, read from the code that writes them."""
    monkeypatch.delenv("HIDDEN_MATH_BROWSER_OUT", raising=False)
    # a private copy of the browser suite's module (the suite's own stays untouched)
    spec = importlib.util.spec_from_file_location(
        "_labdriver_paths", ROOT / "tests" / "browser" / "labdriver.py"
    )
    labdriver = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(labdriver)
    assert labdriver.REPO == ROOT
    report, screenshots = labdriver.REPORT_PATH, labdriver.SCREENSHOTS
    bench_src = (ROOT / "benchmarks" / "bench.py").read_text()
    assert "ROOT = Path(__file__).resolve().parent.parent" in bench_src
    (parts,) = re.findall(r'"--out", default=str\(ROOT((?: / "[^"]+")+)\)', bench_src)
    bench = ROOT.joinpath(*re.findall(r'"([^"]+)"', parts))
    return {
        str(report.relative_to(ROOT)),
        str(screenshots.relative_to(ROOT)) + "/",
        str(bench.relative_to(ROOT)),
    }


def test_workflow_uploads_the_reports_our_tooling_writes(job, monkeypatch):
    _, step = _step(job, lambda step: step.get("uses", "").startswith("actions/upload-artifact@"))
    assert step["if"] == "always()"
    uploaded = set(step["with"]["path"].split())
    assert uploaded == _paths_our_tooling_writes(monkeypatch)
    assert uploaded == {"build/screenshots/", "build/browser_report.json", "build/bench.json"}


# --- pre-commit: the config ------------------------------------------------------------


@pytest.fixture(scope="module")
def hooks():
    """{hook id: (repo entry, hook entry)} of .pre-commit-config.yaml."""
    config = yaml.safe_load(PRE_COMMIT.read_text())
    return {hook["id"]: (repo, hook) for repo in config["repos"] for hook in repo["hooks"]}


def test_pre_commit_config_is_valid():
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(PRE_COMMIT)],
        check=True,
        capture_output=True,
    )


def test_ruff_hooks_pin_the_installed_ruff(hooks):
    repo, _ = hooks["ruff"]
    assert repo["repo"] == "https://github.com/astral-sh/ruff-pre-commit"
    assert hooks["ruff-format"][0] is repo
    ruff = Path(sys.executable).with_name("ruff")
    installed = subprocess.run([ruff, "--version"], capture_output=True, text=True, check=True)
    version = installed.stdout.split()[1]  # "ruff 0.17.6"
    assert repo["rev"] == f"v{version}"
    assert _test_extra_pin("ruff") == version


def test_nbstripout_hook_pins_the_installed_nbstripout(hooks):
    repo, hook = hooks["nbstripout"]
    assert repo["repo"] == "https://github.com/kynan/nbstripout"
    assert repo["rev"] == version("nbstripout") == _test_extra_pin("nbstripout")
    assert re.fullmatch(hook["files"], "lessons/01_neuron.ipynb")


def test_nbstripout_keeps_what_the_lessons_store_on_purpose(hooks):
    args = hooks["nbstripout"][1]["args"]
    assert {"--keep-output", "--keep-count", "--keep-id"} <= set(args)
    keep = args[args.index("--keep-metadata-keys") + 1].split()
    assert "metadata.widgets" in keep  # the stored widget state (tools/regen.py)


def _nbstripout(hooks, *paths):
    """nbstripout as pre-commit runs the hook: its entry, the config's args, the files."""
    args = hooks["nbstripout"][1]["args"]
    subprocess.run(
        [sys.executable, "-m", "nbstripout", *args, *map(str, paths)],
        check=True,
        capture_output=True,
        env=clean_env(),
    )


def test_nbstripout_changes_no_committed_lesson(hooks, tmp_path):
    assert len(LESSONS) >= 12
    copies = [Path(shutil.copy(path, tmp_path)) for path in LESSONS]
    _nbstripout(hooks, *copies)
    changed = [
        p.name for p, c in zip(LESSONS, copies, strict=True) if p.read_bytes() != c.read_bytes()
    ]
    assert changed == []


def test_nbstripout_strips_execution_timestamps(hooks, tmp_path):
    original = LESSONS[1]
    nb = nbformat.read(original, as_version=4)
    assert nb.metadata.get("widgets"), "the lesson stores widget state"
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    code[0].metadata["ExecuteTime"] = {
        "end_time": "2026-01-05T10:00:01.000Z",
        "start_time": "2026-01-05T10:00:00.000Z",
    }
    code[1].metadata["execution"] = {"iopub.execute_input": "2026-01-05T10:00:02.000Z"}
    code[2].metadata["scrolled"] = True
    nb.metadata["vscode"] = {"interpreter": {"hash": "0123abcd"}}
    edited = tmp_path / original.name
    nbformat.write(nb, edited)
    assert edited.read_bytes() != original.read_bytes()
    _nbstripout(hooks, edited)
    # only the injected keys went: outputs, counts, ids and widget state stay, byte for byte
    assert edited.read_bytes() == original.read_bytes()


# --- pre-commit: the stale-output hook ----------------------------------------------------


def test_check_outputs_hook_runs_make_check_outputs_on_staged_lessons(hooks, tmp_path):
    repo, hook = hooks["lesson-outputs-current"]
    assert repo["repo"] == "local"
    assert hook["language"] == "system"
    assert hook.get("pass_filenames", True) is True
    assert hook["require_serial"] is True  # parallel makes would share build/check-outputs/
    files = re.compile(hook["files"])
    assert files.search("lessons/01_neuron.ipynb")
    assert not files.search("lessons/LICENSE") and not files.search("tests/x.ipynb")
    # What pre-commit runs: the entry, split like a shell, then the file names.
    # A stand-in `make` records its arguments.
    fake = tmp_path / "make"
    record = "import json, sys; print(json.dumps(sys.argv[1:]))"
    fake.write_text(f'#!/bin/sh\nexec {sys.executable} -c "{record}" "$@"\n')
    fake.chmod(0o755)
    staged = ["lessons/00_welcome.ipynb", "lessons/01_neuron.ipynb"]
    proc = subprocess.run(
        [*shlex.split(hook["entry"]), *hook.get("args", []), *staged],
        capture_output=True,
        text=True,
        check=True,
        env=clean_env(PATH=f"{tmp_path}{os.pathsep}{os.environ['PATH']}"),
    )
    assert json.loads(proc.stdout) == ["check-outputs", "FILES=" + " ".join(staged)]


def _pytest_line(target, *args):
    """`make -n <target>`'s pytest command, its run directory and file arguments generalised."""
    (line,) = [line for line in make_n(target, *args).splitlines() if " -m pytest " in line]
    line = line.replace(f"/build/{target}/", "/build/<run>/")
    return re.sub(r" -m pytest .*? --nbval ", " -m pytest FILES --nbval ", line)


def test_make_check_outputs_is_nbval_as_in_make_test():
    assert _pytest_line("check-outputs", "FILES=lessons/01_neuron.ipynb") == _pytest_line("test")


def test_committed_lessons_have_no_unrun_cells():
    from tools.unrun_cells import unrun_cells

    assert {p.name: unrun_cells(p) for p in LESSONS} == {p.name: [] for p in LESSONS}


def _lesson(stored_output, execution_count=2):
    """A two-cell notebook whose second cell prints 3.1416; `stored_output` is what it stores."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    cell = new_code_cell('print(f"{math.pi:.4f}")', execution_count=execution_count)
    if stored_output is not None:
        cell.outputs = [new_output("stream", name="stdout", text=stored_output)]
    nb.cells = [new_code_cell("import math", execution_count=1), cell]
    return nb


@pytest.fixture(scope="module")
def lessons_dir():
    """Generated lessons in build/ (inside the repo, so pytest reads pyproject's settings)."""
    (ROOT / "build").mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="test_fork_ready-", dir=ROOT / "build"))
    notebooks = {
        "current": _lesson("3.1416\n"),
        "changed_number": _lesson("3.1417\n"),
        "output_not_stored": _lesson(None),
        "never_run": _lesson(None, execution_count=None),
    }
    for name, nb in notebooks.items():
        nbformat.write(nb, folder / f"{name}.ipynb")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _check_outputs(folder, *names):
    """`make check-outputs FILES=...`, as the hook runs it (without reinstalling .venv)."""
    files = " ".join(str((folder / f"{n}.ipynb").relative_to(ROOT)) for n in names)
    proc = subprocess.run(
        ["make", "-o", STAMP, "-C", str(ROOT), "check-outputs", f"FILES={files}"],
        capture_output=True,
        text=True,
        timeout=300,
        env=clean_env(),
    )
    return proc.returncode, _no_colour(proc.stdout + proc.stderr)


def test_check_outputs_accepts_current_outputs(lessons_dir):
    status, output = _check_outputs(lessons_dir, "current")
    assert status == 0, output
    assert "2 passed" in output


def test_check_outputs_refuses_stale_outputs(lessons_dir):
    status, output = _check_outputs(lessons_dir, "current", "changed_number", "output_not_stored")
    assert status != 0, output
    assert re.search(r"^FAILED \S*changed_number\.ipynb::Cell 1\b", output, re.M), output
    assert "3.1417" in output
    # a run cell that prints but stores nothing: nbval's "Unexpected output fields"
    assert re.search(r"^FAILED \S*output_not_stored\.ipynb::Cell 1\b", output, re.M), output
    assert "Unexpected output fields" in output
    assert "2 failed, 4 passed" in output


def test_nbval_does_not_compare_a_cell_stored_unrun(lessons_dir, tmp_path):
    """Why tools/unrun_cells.py exists: nbval skips the comparison without an execution count."""
    shutil.copytree(ROOT / "tests" / "ipython", tmp_path / "ipython")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            "tests/nbval_sanitize.cfg",
            str(lessons_dir / "never_run.ipynb"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=clean_env(IPYTHONDIR=str(tmp_path / "ipython"), MPLBACKEND="Agg"),
    )
    assert proc.returncode == 0, "nbval now fails it: tools/unrun_cells.py may be redundant"


def test_check_outputs_refuses_a_cell_stored_unrun(lessons_dir):
    status, output = _check_outputs(lessons_dir, "current", "never_run")
    assert status != 0, output
    assert "never_run.ipynb: Cell 1 was never run" in output


# --- licences ------------------------------------------------------------------------


def test_code_is_mit_licensed():
    text = (ROOT / "LICENSE").read_text()
    spdx = _pyproject()["project"]["license"]
    assert text.splitlines()[0] == {"MIT": "MIT License"}.get(spdx), spdx
    assert "Copyright (c) 2026 The Hidden Math authors" in text
    assert "Permission is hereby granted, free of charge, to any person obtaining a copy" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text


def test_lessons_are_cc_by_4_0_licensed():
    text = (ROOT / "lessons" / "LICENSE").read_text()
    assert text.splitlines()[0].endswith("Attribution 4.0 International")
    assert "Creative Commons Attribution 4.0 International Public License" in text
    for section in (
        "Section 1 – Definitions.",
        "Section 2 – Scope.",
        "Section 3 – License Conditions.",
        "Section 4 – Sui Generis Database Rights.",
        "Section 5 – Disclaimer of Warranties and Limitation of Liability.",
        "Section 6 – Term and Termination.",
        "Section 7 – Other Terms and Conditions.",
        "Section 8 – Interpretation.",
    ):
        assert section in text
    assert "NonCommercial" not in text and "ShareAlike" not in text  # not BY-NC / BY-SA
