"""deploy/: the Zero to JupyterHub values and The Littlest JupyterHub recipe, checked.

Both are sized from what `make bench` measured, committed as
deploy/lesson_cost.json (`make bench BENCH_ARGS="--deploy-cost deploy/lesson_cost.json"`
rewrites it), and every Python package they name must be pinned in
requirements.lock at the version they name. Each check is a function that
returns the problems it finds; the tests at the end feed the same functions
broken copies, which they must reject.
"""

import copy
import json
import re
import shlex
import tomllib
from importlib.metadata import entry_points, packages_distributions, version
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from _helpers import ROOT
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from test_lock import _pinned_here
from traitlets import TraitError

from benchmarks.lessons_cost import MIB, memory_bytes, student_need_mib

VALUES = ROOT / "deploy" / "z2jh" / "values.yaml"
TLJH = ROOT / "deploy" / "tljh" / "README.md"
COST = ROOT / "deploy" / "lesson_cost.json"
LOCK = ROOT / "requirements.lock"

# Tools the recipes run on the teacher's own machine to build or install, never
# inside the course's environment, so requirements.lock does not hold them.
BUILD_TOOLS = {"jupyter-repo2docker"}
# A Kubernetes quantity, as a PersistentVolumeClaim's storage request takes it.
K8S_QUANTITY = re.compile(r"^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$")


@pytest.fixture(scope="module")
def lock():
    return _pinned_here(LOCK.read_text())


@pytest.fixture(scope="module")
def cost():
    return json.loads(COST.read_text())


@pytest.fixture(scope="module")
def values_text():
    return VALUES.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tljh_text():
    return TLJH.read_text(encoding="utf-8")


# -- reading the recipes ------------------------------------------------------------


def shell_commands(text):
    """Every shell command line of ``text`` (README code blocks, or YAML comments).

    Comment marks and prompts are dropped and backslash-continued lines joined.
    """
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"^\s*#?\s*(\$ )?", "", raw)
        if lines and lines[-1].endswith("\\"):
            lines[-1] = lines[-1][:-1] + " " + line
        else:
            lines.append(line)
    return [line.strip() for line in lines if line.strip()]


def commands_of(text, program):
    """The argument lists of every command that runs ``program`` (``sudo -E``, ``python -m``)."""
    found = []
    for line in shell_commands(text):
        try:
            words = shlex.split(line, comments=True)
        except ValueError:  # prose with an apostrophe, not a command
            continue
        while words[:1] in (["sudo"], ["-E"]):
            words = words[1:]
        if words[:1] and words[0].rsplit("/", 1)[-1].startswith("python") and words[1:2] == ["-m"]:
            words = words[2:]
        if words and words[0].rsplit("/", 1)[-1] == program:
            found.append(words[1:])
    return found


def pip_installs(text):
    """The requirement arguments of every ``pip install`` in ``text``, with its options."""
    installs = []
    for args in commands_of(text, "pip"):
        if args[:1] != ["install"]:
            continue
        words, options, rest = args[1:], [], []
        while words:
            word = words.pop(0)
            if word in ("-c", "--constraint", "-r", "--requirement"):
                options.append((word, words.pop(0)))
            elif word.startswith("-"):
                options.append((word, None))
            else:
                rest.append(word)
        installs.append((options, rest))
    return installs


def tljh_settings(text):
    """``{key: value}`` of every ``tljh-config set key value`` in the recipe."""
    return {
        args[1]: args[2]
        for args in commands_of(text, "tljh-config")
        if len(args) >= 3 and args[0] == "set"
    }


# -- the checks ---------------------------------------------------------------------


def authenticator_problems(name, lock):
    """The authenticator ``name`` (entry point or dotted class) comes from a locked package."""
    if "." in name:
        dists = packages_distributions().get(name.split(".", 1)[0], [])
    else:
        dists = [ep.dist.name for ep in entry_points(group="jupyterhub.authenticators", name=name)]
    if not dists:
        return [f"no installed package provides the authenticator {name!r}"]
    problems = []
    for dist in {canonicalize_name(d) for d in dists}:
        if dist not in lock:
            problems.append(f"authenticator {name!r} comes from {dist}, not in requirements.lock")
        elif version(dist) != lock[dist]:
            problems.append(f"{dist} is {version(dist)} here but {lock[dist]} in the lock")
    return problems


def package_problems(text, lock):
    """Every package a ``pip install`` names is locked, at the version it names."""
    extras = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    )
    problems = []
    for options, requirements in pip_installs(text):
        for arg in requirements:
            if "/" in arg or arg.startswith("."):  # this project, from a checkout
                wanted = set(re.findall(r"\[(.*)\]", arg)[0].split(",")) if "[" in arg else set()
                if wanted - extras:
                    problems.append(f"{arg}: pyproject.toml has no extra {sorted(wanted - extras)}")
                if not any(o in ("-c", "--constraint") for o, _ in options):
                    problems.append(f"pip install {arg} without requirements.lock as constraint")
                continue
            try:
                req = Requirement(arg)
            except InvalidRequirement:
                problems.append(f"pip install {arg!r}: not a requirement")
                continue
            name = canonicalize_name(req.name)
            if name in BUILD_TOOLS:
                continue
            if name not in lock:
                problems.append(f"{req.name} is not pinned in requirements.lock")
                continue
            pinned = [s.version for s in req.specifier if s.operator == "=="]
            if pinned and pinned != [lock[name]]:
                problems.append(f"{arg}: requirements.lock pins {req.name}=={lock[name]}")
    return problems


def memory_problems(where, limit, guarantee, cost):
    """Memory readable by JupyterHub, limit ≥ guarantee, both sized from the measurement.

    A student needs the largest lesson's kernel at its peak plus the Jupyter
    server: the guarantee must cover that. The limit must also hold a second
    lesson's kernel, since JupyterLab keeps a kernel running after its tab closes.
    """
    try:
        limit_mib = memory_bytes(limit) / MIB
        guarantee_mib = memory_bytes(guarantee) / MIB if guarantee is not None else None
    except (TraitError, TypeError) as exc:
        return [f"{where}: {exc}"]
    need = student_need_mib(cost)
    problems = []
    if limit_mib < need + cost["largest_kernel_peak_mib"]:
        problems.append(
            f"{where}: memory limit {limit_mib:.0f} MiB < the largest lesson's kernel twice "
            f"plus the server ({need + cost['largest_kernel_peak_mib']:.0f} MiB measured)"
        )
    if guarantee_mib is not None:
        if guarantee_mib > limit_mib:
            problems.append(f"{where}: memory guarantee {guarantee} above the limit {limit}")
        if guarantee_mib < need:
            problems.append(
                f"{where}: memory guarantee {guarantee_mib:.0f} MiB < the largest lesson's "
                f"kernel plus the server ({need:.0f} MiB measured)"
            )
    return problems


def cpu_problems(where, limit, guarantee):
    numbers = [x for x in (limit, guarantee) if x is not None]
    if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in numbers):
        return [f"{where}: CPU limit and guarantee must be numbers, not {limit!r}, {guarantee!r}"]
    if not limit or limit <= 0 or (guarantee is not None and not 0 < guarantee <= limit):
        return [f"{where}: want 0 < CPU guarantee ≤ limit, got {guarantee!r} ≤ {limit!r}"]
    return []


def z2jh_problems(values, text, lock, cost):
    """What would stop deploy/z2jh/values.yaml from deploying the course as promised."""
    problems = []
    user = values.get("singleuser") or {}
    image = user.get("image") or {}
    if not (isinstance(image.get("name"), str) and image["name"]):
        problems.append("singleuser.image.name: the image repo2docker builds")
    tag = image.get("tag")
    if not (isinstance(tag, str) and tag) or tag == "latest":
        problems.append(f"singleuser.image.tag must be a fixed string (a commit), not {tag!r}")
    builds = commands_of(text, "jupyter-repo2docker")
    if not builds:
        problems.append("no jupyter-repo2docker command says how the image is built")
    for args in builds:
        built = args[args.index("--image-name") + 1] if "--image-name" in args[:-1] else ""
        if built.split(":", 1)[0] != image.get("name"):
            problems.append(f"repo2docker builds {built!r}, values use {image.get('name')!r}")
        if "--push" in args or "--no-run" not in args:
            problems.append("the repo2docker command must build only (--no-run, no --push)")
        if "--target-repo-dir" not in args:
            problems.append(
                "repo2docker needs --target-repo-dir: nnmath is installed editable from the "
                "repo, and the home volume would hide a repo copied into /home/jovyan"
            )
    if user.get("defaultUrl") != "/lab":
        problems.append(f"singleuser.defaultUrl is {user.get('defaultUrl')!r}, not '/lab'")
    memory = user.get("memory") or {}
    problems += memory_problems(
        "singleuser.memory", memory.get("limit"), memory.get("guarantee"), cost
    )
    cpu = user.get("cpu") or {}
    problems += cpu_problems("singleuser.cpu", cpu.get("limit"), cpu.get("guarantee"))
    capacity = (user.get("storage") or {}).get("capacity")
    if not (isinstance(capacity, str) and K8S_QUANTITY.match(capacity)):
        problems.append(f"singleuser.storage.capacity {capacity!r} is not a Kubernetes quantity")
    cull = values.get("cull") or {}
    if cull.get("enabled") is not True:
        problems.append("cull.enabled must be true: idle servers hold their memory")
    timeout, every = cull.get("timeout"), cull.get("every")
    if not (isinstance(timeout, int) and isinstance(every, int) and 0 < every <= timeout):
        problems.append(
            f"cull: want integer seconds 0 < every ≤ timeout, got {every!r}, {timeout!r}"
        )
    auth = ((values.get("hub") or {}).get("config") or {}).get("JupyterHub", {})
    if "authenticator_class" not in auth:
        problems.append("hub.config.JupyterHub.authenticator_class is not set")
    else:
        problems += authenticator_problems(auth["authenticator_class"], lock)
    if "nbgitpuller" not in lock:
        problems.append("nbgitpuller is not in requirements.lock, so not in the image")
    problems += package_problems(text, lock)
    return problems


def tljh_problems(text, lock, cost, values):
    """What would stop the deploy/tljh recipe from giving students the course as promised."""
    problems = []
    if not re.search(
        r"curl -L https://tljh\.jupyter\.org/bootstrap\.py \| sudo -E python3 - --admin", text
    ):
        problems.append("the TLJH bootstrap command is missing")
    settings = tljh_settings(text)
    for key in ("auth.type", "limits.memory", "limits.cpu", "services.cull.timeout"):
        if key not in settings:
            problems.append(f"no `tljh-config set {key}`")
    if "limits.memory" in settings:
        problems += memory_problems("limits.memory", settings["limits.memory"], None, cost)
        z2jh = ((values.get("singleuser") or {}).get("memory") or {}).get("limit")
        if settings["limits.memory"] != z2jh:
            problems.append(f"limits.memory {settings['limits.memory']} ≠ z2jh's limit {z2jh}")
    if "limits.cpu" in settings:
        try:
            problems += cpu_problems("limits.cpu", float(settings["limits.cpu"]), None)
        except ValueError:
            problems.append(f"limits.cpu {settings['limits.cpu']!r} is not a number")
    for key in ("services.cull.timeout", "services.cull.every"):
        if key in settings and not settings[key].isdigit():
            problems.append(f"{key} {settings[key]!r} is not whole seconds")
    if settings.get("services.cull.enabled", "true").lower() != "true":
        problems.append("the idle culler is switched off")
    if "auth.type" in settings:
        problems += authenticator_problems(settings["auth.type"], lock)
    links = re.findall(r"https?://\S+/hub/user-redirect/git-pull\?\S+", text)
    if not links:
        problems.append("no nbgitpuller link to hand out")
    for link in links:
        query = parse_qs(urlsplit(link).query)
        target = query.get("urlpath", [""])[0].split("/", 3)  # lab/tree/<clone>/<path>
        if len(target) < 4 or not (ROOT / target[3]).is_file():
            problems.append(f"the link's urlpath opens no file of this repository: {link}")
    problems += package_problems(text, lock)
    return problems


# -- the committed files ------------------------------------------------------------


def test_lesson_cost_covers_every_lesson(cost):
    lessons = {p.stem for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")}
    assert set(cost["lessons"]) == lessons, "re-measure: make bench BENCH_ARGS=--deploy-cost ..."
    peaks = {name: x["kernel_peak_mib"] for name, x in cost["lessons"].items()}
    assert cost["largest_lesson"] == max(peaks, key=peaks.get)
    assert cost["largest_kernel_peak_mib"] == max(peaks.values()) > 0
    assert cost["jupyter_server_peak_mib"] > 0


def test_z2jh_values_deploy_the_course(values_text, lock, cost):
    assert z2jh_problems(yaml.safe_load(values_text), values_text, lock, cost) == []


def test_tljh_recipe_deploys_the_course(tljh_text, lock, cost, values_text):
    assert tljh_problems(tljh_text, lock, cost, yaml.safe_load(values_text)) == []


def test_the_image_has_nbgitpuller(lock):
    """repo2docker installs environment.yml, which installs the whole lock."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-r requirements.lock" in pip
    assert "nbgitpuller" in lock


# -- broken copies are rejected --------------------------------------------------------


def _broken(values_text, edit):
    values = yaml.safe_load(values_text)
    edit(values)
    return values


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda v: v["singleuser"]["memory"].update(limit="256M"), "memory limit 256 MiB"),
        (lambda v: v["singleuser"]["memory"].update(guarantee="64M"), "memory guarantee 64 MiB"),
        (
            lambda v: v["singleuser"]["memory"].update(limit="4G", guarantee="8G"),
            "above the limit",
        ),
        (lambda v: v["singleuser"]["memory"].update(limit="2Gi"), "not a valid memory"),
        (lambda v: v["singleuser"]["cpu"].update(guarantee=4), "CPU guarantee ≤ limit"),
        (lambda v: v["cull"].update(enabled=False), "cull.enabled"),
        (lambda v: v["cull"].update(every=7200), "every ≤ timeout"),
        (lambda v: v["singleuser"]["image"].update(tag="latest"), "fixed string"),
        (lambda v: v["singleuser"].update(defaultUrl="/tree"), "defaultUrl"),
        (lambda v: v["singleuser"]["storage"].update(capacity="lots"), "quantity"),
        (
            lambda v: v["hub"]["config"]["JupyterHub"].update(authenticator_class="no-such"),
            "no installed package provides",
        ),
    ],
)
def test_z2jh_check_rejects(values_text, lock, cost, edit, expected):
    problems = z2jh_problems(_broken(values_text, edit), values_text, lock, cost)
    assert any(expected in p for p in problems), problems


def test_z2jh_check_rejects_an_unlocked_package_or_version(values_text, lock, cost):
    values = yaml.safe_load(values_text)
    text = values_text + "\n# pip install nbgitpuller==0.1.0 left-pad\n"
    problems = z2jh_problems(values, text, lock, cost)
    assert any("requirements.lock pins nbgitpuller" in p for p in problems), problems
    assert any("left-pad is not pinned" in p for p in problems), problems


def test_z2jh_check_rejects_a_package_missing_from_the_lock(values_text, lock, cost):
    values = yaml.safe_load(values_text)
    name = values["hub"]["config"]["JupyterHub"]["authenticator_class"]
    dist = canonicalize_name(entry_points(group="jupyterhub.authenticators")[name].dist.name)
    without = {k: v for k, v in lock.items() if k not in (dist, "nbgitpuller")}
    problems = z2jh_problems(values, values_text, without, cost)
    assert any(f"comes from {dist}, not in requirements.lock" in p for p in problems), problems
    assert any("nbgitpuller is not in requirements.lock" in p for p in problems), problems


def test_z2jh_check_rejects_a_larger_measurement(values_text, lock, cost):
    """A lesson grown past the limit (make bench re-measured) fails until values.yaml follows."""
    grown = copy.deepcopy(cost)
    grown["largest_kernel_peak_mib"] *= 4
    problems = z2jh_problems(yaml.safe_load(values_text), values_text, lock, grown)
    assert any("memory limit" in p for p in problems), problems


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("limits.memory ", "limits.memory 300M  # ", "memory limit 300 MiB"),
        ("limits.cpu ", "limits.cpu 0  # ", "CPU guarantee ≤ limit"),
        ("services.cull.timeout ", "services.cull.timeout soon  # ", "not whole seconds"),
        ("auth.type ", "auth.type github  # ", "no installed package provides"),
        ("--constraint /opt/hidden-math/requirements.lock", "", "without requirements.lock"),
        ("lessons%2F00_welcome.ipynb", "lessons%2F99_gone.ipynb", "opens no file"),
        ("bootstrap.py", "bootstrap.sh", "bootstrap command is missing"),
    ],
)
def test_tljh_check_rejects(tljh_text, lock, cost, values_text, old, new, expected):
    assert old in tljh_text, f"the recipe no longer contains {old!r}: update this test"
    broken = tljh_text.replace(old, new)
    problems = tljh_problems(broken, lock, cost, yaml.safe_load(values_text))
    assert any(expected in p for p in problems), problems


def test_tljh_check_rejects_an_unlocked_package(tljh_text, lock, cost, values_text):
    broken = tljh_text + "\n```bash\nsudo -E pip install nbgitpuller==0.1.0 left-pad\n```\n"
    problems = tljh_problems(broken, lock, cost, yaml.safe_load(values_text))
    assert any("requirements.lock pins nbgitpuller" in p for p in problems), problems
    assert any("left-pad is not pinned" in p for p in problems), problems
