"""The hub test's pieces: the report, the students, their servers as labdriver sees them.

Shared by conftest.py (fixtures) and test_hub.py (tests import this, not conftest: pytest
keeps one module named ``conftest`` at a time).
"""

import datetime as dt
import json
import os
import platform
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))  # labdriver

from labdriver import FRONT_ENDS, HARNESS_JS, LAB_SETTINGS, LabPage

from tools import hub as hubtool

REPO = hubtool.REPO
STATE = REPO / "build" / "hub" / "test"
REPORT_PATH = REPO / "build" / "hub_report.json"
CLONE = "hidden-math"  # the clone source's folder name, so nbgitpuller's clone dir too
BRANCH = "course"
STUDENTS = ("ada", "ben")
VIEWPORT = {"width": 1280, "height": 900}
REPORT_KEY = pytest.StashKey[dict]()
# JupyterLab settings the driver relies on, written into each student's home before the
# first start (with SimpleLocalProcessSpawner, ~/.jupyter is the student's own).
SERVER_CONFIG = {
    "LabApp": {
        "expose_app_in_browser": True,  # window.jupyterapp, for labdriver
        "news_url": None,
        "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
    }
}


class HubReport:
    """build/hub_report.json, rewritten after each step (a partial run still reports)."""

    def __init__(self, path):
        self.path = Path(path)
        self.data = {
            "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
            },
            "students": {},
            "notes": [],
        }

    def student(self, name):
        return self.data["students"].setdefault(name, {})

    def save(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(self.path)


class StudentServer:
    """What labdriver's LabPage and Lesson need of a server, for a student's own server
    behind the hub (signed in by cookie, so no token in the URL)."""

    front_end = FRONT_ENDS["lab"]  # the hub's single-user servers run JupyterLab

    def __init__(self, hub, name):
        self.hub = hub
        self.name = name
        self.base = f"{hub.url}/user/{name}"
        self.page = None  # the student's JupyterLab page, once open

    def url(self, path):
        return f"{self.base}{path}"

    def log_tail(self, lines=40):
        return self.hub.log_tail(self.name, lines) + "\n" + self.hub.log_tail("hub", lines // 2)

    def stop_kernels_of(self, path, background=False):
        """Shut down the sessions of notebook ``path`` through the page's own API client
        (waits for them: ``background`` is accepted for LabPage's sake)."""
        self.page.evaluate(
            """async path => {
                const sessions = window.jupyterapp.serviceManager.sessions;
                await sessions.refreshRunning();
                for (const s of [...sessions.running()]) {
                    if (s.path === path) await sessions.shutdown(s.id);
                }
            }""",
            path,
        )


class Student:
    """A student with a browser context of their own (cookies are theirs alone)."""

    def __init__(self, name, hub, browser):
        self.name = name
        self.password = secrets.token_urlsafe(12)
        self.context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        # The harness goes into every page, so also into the one the link lands on.
        self.context.add_init_script(path=str(HARNESS_JS))
        self.context.set_default_timeout(60_000)
        self.server = StudentServer(hub, name)
        self.lab = None  # labdriver.LabPage once the student is in JupyterLab
        self.signed_up = False
        self.ready = False  # lesson 01 ran in their server

    @property
    def home(self):
        return self.server.hub.home(self.name)

    def close_notebooks(self, *paths):
        """Close every open document unsaved, then stop the kernels of ``paths``."""
        self.lab.page.evaluate(
            """() => {
                for (const w of [...window.jupyterapp.shell.widgets('main')]) {
                    if (w.context) w.context.model.dirty = false;
                    w.dispose();
                }
            }"""
        )
        for path in paths:
            self.server.stop_kernels_of(path)

    def attach(self, page):
        """Make ``page`` (JupyterLab, opened by the link) the student's LabPage."""
        lab = LabPage(self.context, self.server)
        lab.page = page
        page.on("console", lab._on_console)
        page.on("pageerror", lab._on_pageerror)
        lab.lesson = "link"
        lab.needs_reload = False
        self.lab = lab
        self.server.page = page
        return lab


def prepare_home(home):
    """The student's ~/.jupyter: the settings labdriver relies on (as its own JupyterServer
    writes them); nbgitpuller then clones next to it."""
    config = home / ".jupyter"
    config.mkdir(parents=True, exist_ok=True)
    (config / "jupyter_server_config.json").write_text(json.dumps(SERVER_CONFIG), encoding="utf-8")
    for plugin, values in LAB_SETTINGS.items():
        path = config / "lab" / "user-settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def git(*args, cwd=None):
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()
