"""The pinned environment: pyproject.toml, requirements.lock and environment.yml agree.

pyproject.toml says what the course needs (ranges); requirements.lock, written
by `make lock`, pins the exact versions `make lab`, `make test` and `make bench`
install (the Makefile passes it to pip as a constraint file); environment.yml
gives conda and Binder the same file. Stored lesson outputs depend on those
exact versions (NumPy's repr, Matplotlib, scikit-learn's digits loader).
"""

import os
import re
import subprocess
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
import yaml
from _helpers import ROOT, STAMP, clean_env
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][^\s;]*)\s*(?:;\s*(.+))?$")


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _lock_lines(text):
    return [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


def _pins(text):
    """[(name, version, marker or None)] of a lock file's text."""
    pins = []
    for line in _lock_lines(text):
        m = PIN.match(line.strip())
        assert m, f"not an exact pin: {line!r}"
        pins.append((canonicalize_name(m[1]), m[2], Marker(m[3]) if m[3] else None))
    return pins


def _pinned_here(text):
    """{name: version} of the pins whose markers hold for this Python and platform."""
    return {n: v for n, v, marker in _pins(text) if marker is None or marker.evaluate()}


def _requirements():
    project = _pyproject()
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return [Requirement(r) for r in reqs]


def test_every_lock_line_is_an_exact_pin():
    assert _pins(LOCK.read_text())  # not empty
    with pytest.raises(AssertionError, match="not an exact pin"):
        _pins("numpy>=2\n")
    assert _pins("numpy==2.4.6 ; python_full_version >= '3.11'\n")[0][:2] == ("numpy", "2.4.6")


def test_the_lock_pins_every_requirement_of_pyproject_within_its_range():
    pinned = _pinned_here(LOCK.read_text())
    problems = []
    for req in _requirements():
        if req.marker is not None and not req.marker.evaluate():
            continue
        name = canonicalize_name(req.name)
        if name not in pinned:
            problems.append(f"{req.name} is not in requirements.lock (run make lock)")
        elif not req.specifier.contains(pinned[name], prereleases=True):
            problems.append(f"{req.name}: the lock has {pinned[name]}, pyproject wants {req}")
    assert not problems, problems


def test_each_requirement_has_one_version_on_every_python():
    """`make lock` asks for the fewest versions: a learner on 3.13 runs the NumPy we test."""
    pins = _pins(LOCK.read_text())
    for req in _requirements():
        name = canonicalize_name(req.name)
        versions = {ver for pinned, ver, _ in pins if pinned == name}
        assert len(versions) == 1, f"{name}: {sorted(versions)} for different Pythons"


def test_the_lock_holds_pyprojects_own_exact_pins():
    """ruff and nbstripout are pinned with == in pyproject (pre-commit's revs): the same here."""
    pinned = _pinned_here(LOCK.read_text())
    for req in _requirements():
        for spec in req.specifier:
            if spec.operator == "==":
                assert pinned[canonicalize_name(req.name)] == spec.version, req


def test_the_lock_supports_the_python_pyproject_allows():
    header = LOCK.read_text().split("\n\n")[0]
    assert "make lock" in header  # written by `make lock`, not by hand
    minimum = re.fullmatch(r">=\s*(3\.\d+)", _pyproject()["requires-python"].strip())[1]
    makefile = (ROOT / "Makefile").read_text()
    assert f"--python-version {minimum} " in makefile
    assert "--universal" in makefile  # markers for Windows and macOS, not only this machine


@pytest.mark.skipif(bool(os.environ.get("NEWEST")), reason="NEWEST=1 ignores the lock on purpose")
def test_every_installed_locked_package_has_its_locked_version():
    """A package upgraded by hand changes what the lessons print; `make test` says which."""
    wrong = []
    for name, ver in _pinned_here(LOCK.read_text()).items():
        try:
            have = version(name)
        except PackageNotFoundError:  # e.g. the bench extra's micrograd before `make bench`
            continue
        if have != ver:
            wrong.append(f"{name}: {have} installed, {ver} locked")
    assert not wrong, wrong
    assert version("numpy") == _pinned_here(LOCK.read_text())["numpy"]


def _install_command(**env):
    """The pip line `make` would run to (re)install .venv, with make's variables ``env``."""
    out = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", "-C", str(ROOT), STAMP],
        capture_output=True,
        text=True,
        check=True,
        env=clean_env(**env),
    ).stdout
    (line,) = [line for line in out.splitlines() if "pip install" in line]
    return line


def test_make_installs_the_locked_versions():
    assert "--constraint requirements.lock" in _install_command()
    newest = _install_command(NEWEST="1")
    assert "requirements.lock" not in newest and "--upgrade --upgrade-strategy eager" in newest


def test_environment_yml_installs_the_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["name"] == "hidden-math"
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    (pip,) = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    minimum = re.fullmatch(r">=\s*(3\.\d+)", _pyproject()["requires-python"].strip())[1]
    assert conda == [f"python={minimum}", "pip"]  # nothing else from conda: no second NumPy
    assert pip[0] == "-r requirements.lock"
    assert [p.split("#")[0].strip() for p in pip[1:]] == ["-e ."]
    assert (ROOT / pip[0].split()[-1]).is_file()


def test_the_lock_file_is_named_where_the_tools_look():
    # the Makefile's stamp depends on it, CI's cache key hashes it
    makefile = (ROOT / "Makefile").read_text()
    assert "LOCK := requirements.lock" in makefile
    assert re.search(r"^\$\(STAMP\): pyproject.toml \$\(LOCK\)", makefile, re.M)
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert "hashFiles('pyproject.toml', 'requirements.lock')" in workflow
    assert Path(LOCK).name in (ROOT / "README.md").read_text()
