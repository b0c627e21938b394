# A classroom JupyterHub on one machine, for a teacher to try the course as a class would
# see it: students sign up, follow an nbgitpuller link that clones the course into their own
# home folder, and work in their own JupyterLab.
#
#   make hub                      (tools/hub.py: installs the proxy, starts this, prints the link)
#   .venv/bin/python -m jupyterhub -f deploy/hub/jupyterhub_config.py   (by hand)
#
# This is a try-out on 127.0.0.1, not a deployment. Every student's server runs as the
# teacher's own Unix user (SimpleLocalProcessSpawner): JupyterLab shows each student only
# their own home and the hub refuses anyone else's server, but Python in a kernel can read
# any file that user can. Real classes: The Littlest JupyterHub (one server, a Unix user per
# student, up to ~100 students) or Zero to JupyterHub (Kubernetes, a container per student);
# see deploy/tljh and deploy/z2jh.
#
# Settings (environment variables; tools/hub.py sets them):
#   HUB_STATE_DIR       all state: sqlite db, cookie secret, proxy token, homes/, logs/
#                       (default build/hub/ of this checkout)
#   HUB_PORT            the public port on 127.0.0.1 (default 8000)
#   HUB_API_PORT        the hub's internal API port (default 8081)
#   HUB_PROXY_API_PORT  the proxy's REST API port (default 8001)
#   HUB_ADMIN           the teacher's user name, the hub's admin (default teacher)
#   HUB_OPEN_SIGNUP     1 (default): whoever signs up can sign in; 0: the admin authorizes
#                       each new account at /hub/authorize first
#   HUB_IDLE_TIMEOUT    seconds without activity before a student's server is stopped (3600)

import os
import secrets
import subprocess
import sys
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner
from nativeauthenticator import NativeAuthenticator

c = get_config()  # noqa: F821 (defined by JupyterHub when it loads this file)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
VENV_BIN = Path(sys.executable).parent


def _env_int(name, default):
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit():
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    return int(value)


STATE = Path(os.environ.get("HUB_STATE_DIR") or REPO / "build" / "hub").resolve()
HOMES = STATE / "homes"
LOGS = STATE / "logs"
for folder in (STATE, HOMES, LOGS):
    folder.mkdir(parents=True, exist_ok=True)

PORT = _env_int("HUB_PORT", 8000)
API_PORT = _env_int("HUB_API_PORT", 8081)
PROXY_API_PORT = _env_int("HUB_PROXY_API_PORT", 8001)
ADMIN = os.environ.get("HUB_ADMIN", "").strip().lower() or "teacher"
OPEN_SIGNUP = os.environ.get("HUB_OPEN_SIGNUP", "1").strip().lower() not in ("0", "false", "no")
IDLE_TIMEOUT = _env_int("HUB_IDLE_TIMEOUT", 3600)

# -- the hub and its state -------------------------------------------------------------

c.JupyterHub.bind_url = f"http://127.0.0.1:{PORT}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{API_PORT}"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# Stopping the hub stops the proxy and every student's server with it (a laptop, not a
# server: nothing should outlive the hub).
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# -- the proxy: configurable-http-proxy from npm (deploy/hub/package-lock.json) ----------

PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
if not PROXY.exists():
    raise FileNotFoundError(
        f"{PROXY} is missing: run `npm ci --prefix deploy/hub` (make hub does it for you)"
    )


def _proxy_token():
    """The hub <-> proxy secret, made once and kept with the rest of the state (mode 600)."""
    path = STATE / "proxy_auth_token"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


c.ConfigurableHTTPProxy.command = [str(PROXY)]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
c.ConfigurableHTTPProxy.auth_token = _proxy_token()
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# -- who may sign in: jupyterhub-nativeauthenticator --------------------------------------

# Open sign-up by default: the hub listens on 127.0.0.1 only, so only people at this machine
# can reach it, and a teacher trying it can create as many students as they like without
# approving each. A teacher-set password per student would need the teacher to type every
# account in; HUB_OPEN_SIGNUP=0 keeps sign-up but holds each account until the admin
# authorizes it (the setting to use as soon as others can reach the hub).


c.JupyterHub.authenticator_class = NativeAuthenticator
c.NativeAuthenticator.open_signup = OPEN_SIGNUP
c.NativeAuthenticator.minimum_password_length = 8
c.NativeAuthenticator.check_common_password = True
# A guessed password is slowed down: 5 failures block that name for a minute.
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 60
c.Authenticator.admin_users = {ADMIN}
# JupyterHub 5+ lets nobody in unless told whom; NativeAuthenticator itself refuses accounts
# that are not authorized, so every account it accepts may sign in.
c.Authenticator.allow_all = True
# A user name is also a folder name under homes/.
c.Authenticator.username_pattern = r"^[a-z0-9][a-z0-9_.-]{0,31}$"

# -- each student's server: JupyterLab from this venv, in homes/<name>/ -------------------


class ClassroomSpawner(SimpleLocalProcessSpawner):
    """SimpleLocalProcessSpawner with one log file per student under logs/."""

    async def start(self):
        with open(LOGS / f"{self.user.name}.log", "ab") as log:
            # Popen gives the child its own copy of the file descriptor.
            self.popen_kwargs = {"stdout": log, "stderr": subprocess.STDOUT}
            return await super().start()


c.JupyterHub.spawner_class = ClassroomSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.notebook_dir = str(HOMES / "{username}")
# The single-user server of this venv (nnmath and nbgitpuller are installed here), started
# with this interpreter, so nothing is looked up on PATH.
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.env_keep = ["JUPYTERHUB_SINGLEUSER_APP", "LANG", "LC_ALL"]
c.Spawner.environment = {
    # git for nbgitpuller, the venv's tools for the kernels.
    "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', os.defpath)}",
    # One BLAS thread per kernel: a class shares the machine's cores, and the lessons'
    # stored outputs are computed with one thread (more change the last digits).
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
# The course needs no terminal (and each one is another process per student).
c.Spawner.args = ["--ServerApp.terminals_enabled=False"]
if os.geteuid() == 0:
    c.Spawner.args.append("--allow-root")  # jupyter_server refuses to run as root without it
# A first start imports JupyterLab and its extensions: slow on a busy laptop.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# -- the idle culler: a hub-managed service with only the scopes it needs ------------------

c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={IDLE_TIMEOUT}"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
