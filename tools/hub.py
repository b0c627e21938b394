"""The classroom hub of deploy/hub/: install its proxy, start it, build the nbgitpuller link.

    make hub                            start on http://127.0.0.1:8000 for a teacher to try
    python -m tools.hub --port 8010     the same on another port
    python -m tools.hub install-proxy   only `npm ci --prefix deploy/hub`

The link that clones the course into a student's home and opens lesson 00 is built by
``git_pull_link``; its repository is this checkout (file://…) unless HUB_REPO says
otherwise (e.g. HUB_REPO=https://github.com/you/hidden-math HUB_BRANCH=main).

tests/hub/ starts the hub with ``start`` on free loopback ports and stops it by PID with
``Hub.stop``.
"""

import argparse
import contextlib
import importlib.metadata
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HUB_DIR = REPO / "deploy" / "hub"
CONFIG = HUB_DIR / "jupyterhub_config.py"
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
DEFAULT_STATE = REPO / "build" / "hub"
DEFAULT_PORT = 8000
LESSON_00 = "lessons/00_welcome.ipynb"
MISSING_NPM = "install Node.js and npm: apt-get install nodejs npm"
START_S = float(os.environ.get("HIDDEN_MATH_HUB_TIMEOUT", 120))


class HubError(RuntimeError):
    """The hub cannot be installed or started; the message says what to do."""


# -- the nbgitpuller link --------------------------------------------------------------------


def clone_dir(repo):
    """The folder nbgitpuller clones ``repo`` into (its default: the URL's last part)."""
    return repo.rstrip("/").split("/")[-1]


def git_pull_link(hub_url, repo, branch, notebook=LESSON_00):
    """The link that clones ``repo`` at ``branch`` into the student's home (or pulls it
    again, keeping the student's changes) and opens ``notebook`` of it in JupyterLab."""
    query = urllib.parse.urlencode(
        {
            "repo": repo,
            "branch": branch,
            "urlpath": f"lab/tree/{clone_dir(repo)}/{notebook}",
        },
        quote_via=urllib.parse.quote,
        safe="/",
    )
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def default_repo():
    return os.environ.get("HUB_REPO", "").strip() or f"file://{REPO}"


def default_branch():
    """HUB_BRANCH, else the branch this checkout is on."""
    branch = os.environ.get("HUB_BRANCH", "").strip()
    if branch:
        return branch
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--abbrev-ref", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as exc:
        raise HubError(f"cannot tell this checkout's branch ({exc}): set HUB_BRANCH") from exc
    if out == "HEAD":
        raise HubError("this checkout is on no branch (detached HEAD): set HUB_BRANCH=<branch>")
    return out


# -- prerequisites -----------------------------------------------------------------------------


def proxy_installed():
    """configurable-http-proxy is in deploy/hub/node_modules as the lock file pins it."""
    stamp = HUB_DIR / "node_modules" / ".package-lock.json"  # written by npm ci
    return (
        PROXY.exists()
        and stamp.exists()
        and stamp.stat().st_mtime >= (HUB_DIR / "package-lock.json").stat().st_mtime
    )


def proxy_problem():
    """Why the hub's proxy cannot run here (a sentence saying what to do), or None."""
    if shutil.which("node") is None:
        return MISSING_NPM
    if not PROXY.exists():
        return (
            "configurable-http-proxy is not installed: run `make hub-proxy` "
            "(npm ci --prefix deploy/hub)"
        )
    return None


def install_proxy(optional=False):
    """``npm ci --prefix deploy/hub`` unless already done (the npm registry's
    configurable-http-proxy, exactly as deploy/hub/package-lock.json pins it)."""
    if proxy_installed():
        return True
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        if optional:
            print(f"note: the hub test needs configurable-http-proxy: {MISSING_NPM}")
            return False
        raise HubError(MISSING_NPM)
    cmd = [npm, "ci", "--prefix", str(HUB_DIR), "--no-audit", "--no-fund"]
    print("$", " ".join(cmd), flush=True)
    if subprocess.run(cmd, check=False).returncode != 0:
        raise HubError("npm ci failed (see above): configurable-http-proxy is not installed")
    return True


def versions():
    """The versions this hub runs (for reports)."""
    found = {
        dist: importlib.metadata.version(dist)
        for dist in (
            "jupyterhub",
            "jupyterhub-nativeauthenticator",
            "jupyterhub-idle-culler",
            "nbgitpuller",
            "jupyterlab",
        )
    }
    package = HUB_DIR / "node_modules" / "configurable-http-proxy" / "package.json"
    with contextlib.suppress(OSError, ValueError):
        found["configurable-http-proxy"] = json.loads(package.read_text())["version"]
    return found


def nbgitpuller_enabled(env):
    """Is nbgitpuller enabled for a single-user server started with ``env``?"""
    code = (
        "import json; from jupyter_core.paths import jupyter_config_path; "
        "from jupyter_server.extension.config import ExtensionConfigManager as M; "
        "print(json.dumps(M(read_config_path=jupyter_config_path()).get_jpserver_extensions()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise HubError(f"cannot list the Jupyter server extensions:\n{out.stderr}")
    return bool(json.loads(out.stdout).get("nbgitpuller"))


def student_env(state_dir):
    """Roughly what JupyterHub gives a student's server: none of our JUPYTER_* dirs, a home
    under the state dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    env["HOME"] = str(Path(state_dir) / "homes" / "nobody")
    return env


# -- processes ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _stat(pid):
    """(parent PID, start time in clock ticks) of a live process, or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    if fields[0] in ("Z", "X"):  # exited, not yet reaped: gone for our purposes
        return None
    return int(fields[1]), int(fields[19])


def process_tree(root):
    """{pid: start time} of ``root`` and all its descendants, from /proc."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            info = _stat(int(entry.name))
            if info:
                children.setdefault(info[0], []).append((int(entry.name), info[1]))
    top = _stat(root)
    if top is None:
        return {}
    tree, todo = {root: top[1]}, [root]
    while todo:
        for pid, start in children.get(todo.pop(), []):
            tree[pid] = start
            todo.append(pid)
    return tree


def cmdline(pid):
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)


def environ(pid):
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    pairs = (item.decode(errors="replace").partition("=") for item in raw.split(b"\0") if item)
    return {k: v for k, _, v in pairs}


def rss_kib(pid):
    """Resident memory of ``pid`` in KiB (VmRSS), or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def alive(pid, start):
    """The process ``pid`` that started at ``start`` still runs (not a reused PID)."""
    info = _stat(pid)
    return info is not None and info[1] == start


class Hub:
    """A running hub: its process, URL, state dir and logs."""

    def __init__(self, proc, url, state_dir, log_path):
        self.proc = proc
        self.pid = proc.pid
        self.url = url
        self.state_dir = Path(state_dir)
        self.log_path = Path(log_path)
        self.logs = self.state_dir / "logs"

    def home(self, user):
        return self.state_dir / "homes" / user

    def processes(self):
        """{pid: (start time, command line)} of the hub and everything it started."""
        return {pid: (start, cmdline(pid)) for pid, start in process_tree(self.pid).items()}

    def server_pid(self, user):
        """PID of ``user``'s single-user server (a child of the hub), or None."""
        for pid in process_tree(self.pid):
            if pid != self.pid and environ(pid).get("JUPYTERHUB_USER") == user:
                if "jupyterhub.singleuser" in cmdline(pid):
                    return pid
        return None

    def log_tail(self, name="hub", lines=60):
        path = self.log_path if name == "hub" else self.logs / f"{name}.log"
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return f"(no log at {path})"
        return f"--- {path} (last {lines} lines) ---\n" + "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout=60):
        """SIGTERM to the hub (it stops the students' servers and the proxy), then
        SIGTERM/SIGKILL to any of its processes still there, each by PID.

        Returns {pid: command line} of the processes seen, all verified gone."""
        seen = self.processes()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for sig, wait_s in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            left = {pid: s for pid, (s, _) in seen.items() if alive(pid, s)}
            for pid in left:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            deadline = time.monotonic() + wait_s
            while left and time.monotonic() < deadline:
                left = {pid: s for pid, s in left.items() if alive(pid, s)}
                time.sleep(0.1)
        survivors = {pid: cmd for pid, (s, cmd) in seen.items() if alive(pid, s)}
        if survivors:
            raise HubError(f"still running after SIGKILL: {survivors}")
        return {pid: cmd for pid, (_, cmd) in seen.items()}


def _default_sigint():
    """An ignored SIGINT (a job started with `&`) is inherited across exec: JupyterHub stops
    its services with SIGINT first and would wait out its timeouts on each."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(state_dir=DEFAULT_STATE, port=None, admin="teacher", env=None, timeout=START_S):
    """Start deploy/hub on 127.0.0.1 (``port``, else a free one); return a ``Hub`` once
    it answers through its proxy. Everything it writes goes under ``state_dir``."""
    if not CONFIG.exists():
        raise HubError(f"{CONFIG} is missing")
    problem = proxy_problem()
    if problem:
        raise HubError(problem)
    state_dir = Path(state_dir).resolve()
    (state_dir / "logs").mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    if not port_free(port):
        raise HubError(f"port {port} on 127.0.0.1 is in use: choose another (--port / HUB_PORT)")
    if not nbgitpuller_enabled(student_env(state_dir)):
        raise HubError("nbgitpuller is not enabled as a Jupyter server extension in this venv")
    hub_env = dict(os.environ if env is None else env)
    hub_env.update(
        HUB_STATE_DIR=str(state_dir),
        HUB_PORT=str(port),
        HUB_API_PORT=str(free_port()),
        HUB_PROXY_API_PORT=str(free_port()),
        HUB_ADMIN=admin,
    )
    hub_env.pop("CONFIGPROXY_AUTH_TOKEN", None)  # the config keeps its own in the state dir
    log_path = state_dir / "logs" / "hub.log"
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)],
            cwd=state_dir,
            env=hub_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in `make hub` reaches us; we stop it by PID
            preexec_fn=_default_sigint,
        )
    hub = Hub(proc, url, state_dir, log_path)
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            hub.stop()
            raise HubError(f"the hub exited with code {proc.returncode}:\n{hub.log_tail()}")
        with contextlib.suppress(OSError, urllib.error.URLError):
            with urllib.request.urlopen(f"{url}/hub/health", timeout=5) as r:
                if r.status == 200:
                    return hub
        if time.monotonic() > deadline:
            hub.stop()
            raise HubError(
                f"the hub did not answer {url}/hub/health within {timeout:.0f} s:\n"
                + hub.log_tail()
            )
        time.sleep(0.2)


# -- make hub -------------------------------------------------------------------------------------


def _instructions(hub, admin, link, open_signup):
    approve = (
        ""
        if open_signup
        else f"\n     Then, signed in as {admin!r}, authorize them at {hub.url}/hub/authorize"
    )
    return f"""
The classroom hub is running: {hub.url}

  1. Sign up as the teacher first: {hub.url}/hub/signup  with the name {admin!r}
     (the admin: {hub.url}/hub/admin lists students and their servers).
  2. Each student signs up there with a name and a password (8 characters or more),
     then signs in at {hub.url}/hub/login.{approve}
  3. Hand out this link: it clones the course into the student's home folder (or pulls
     the latest, keeping their changes) and opens lesson 00:

     {link}

Only this machine can reach 127.0.0.1. State, homes and logs: {hub.state_dir}
(hub log: {hub.log_path}). Ctrl-C stops the hub, the proxy and every student's server.
"""


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.hub", description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", choices=["run", "install-proxy"], default="run")
    parser.add_argument("--port", type=int, default=int(os.environ.get("HUB_PORT") or DEFAULT_PORT))
    parser.add_argument(
        "--state-dir", type=Path, default=Path(os.environ.get("HUB_STATE_DIR") or DEFAULT_STATE)
    )
    parser.add_argument("--optional", action="store_true", help="install-proxy: no npm is fine")
    args = parser.parse_args(argv)
    try:
        if args.command == "install-proxy":
            install_proxy(optional=args.optional)
            return 0
        link_repo, link_branch = default_repo(), default_branch()
        install_proxy()
        admin = os.environ.get("HUB_ADMIN", "").strip().lower() or "teacher"
        open_signup = os.environ.get("HUB_OPEN_SIGNUP", "1").strip().lower() not in (
            "0",
            "false",
            "no",
        )
        hub = start(args.state_dir, port=args.port, admin=admin)
    except HubError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(_instructions(hub, admin, git_pull_link(hub.url, link_repo, link_branch), open_signup))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a plain `kill` stops it cleanly too
    try:
        code = hub.proc.wait()
        print(f"the hub exited with code {code}:\n{hub.log_tail()}", file=sys.stderr)
        return code or 1
    except (KeyboardInterrupt, SystemExit):
        print("\nstopping the hub …", flush=True)
        return 0
    finally:
        hub.stop()


if __name__ == "__main__":
    sys.exit(main())
