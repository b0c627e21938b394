"""tools/hub.py without a hub: the nbgitpuller link, the repository and branch it names."""

import urllib.parse

import pytest

from tools import hub


def _query(link):
    parts = urllib.parse.urlsplit(link)
    return parts, urllib.parse.parse_qs(parts.query, strict_parsing=True)


def test_link_clones_the_repo_and_opens_lesson_00():
    link = hub.git_pull_link("http://127.0.0.1:8000/", "https://github.com/you/hidden-math", "main")
    parts, query = _query(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "http://127.0.0.1:8000/hub/user-redirect/git-pull"
    )
    assert query == {
        "repo": ["https://github.com/you/hidden-math"],
        "branch": ["main"],
        "urlpath": ["lab/tree/hidden-math/lessons/00_welcome.ipynb"],
    }
    # The repository URL is encoded (its ':' cannot end the query's key-value pair early).
    assert "repo=https%3A//github.com/you/hidden-math&" in link


@pytest.mark.parametrize(
    ("repo", "folder"),
    [
        ("file:///work/main", "main"),
        ("https://github.com/you/hidden-math/", "hidden-math"),
        ("https://example.org/course.git", "course.git"),
    ],
)
def test_clone_dir_is_nbgitpullers_default(repo, folder):
    """nbgitpuller clones into the URL's last part (trailing slash dropped), so the link's
    urlpath must start there."""
    assert hub.clone_dir(repo) == folder
    _, query = _query(hub.git_pull_link("http://h", repo, "b"))
    assert query["urlpath"] == [f"lab/tree/{folder}/lessons/00_welcome.ipynb"]


def test_special_characters_survive_the_round_trip():
    repo = "file:///home/teacher/my course & notes"
    link = hub.git_pull_link("http://h", repo, "week 1&2", notebook="lessons/01_neuron.ipynb")
    _, query = _query(link)
    assert query["repo"] == [repo]
    assert query["branch"] == ["week 1&2"]
    assert query["urlpath"] == ["lab/tree/my course & notes/lessons/01_neuron.ipynb"]


def test_repo_and_branch_from_the_environment(monkeypatch):
    monkeypatch.setenv("HUB_REPO", "https://github.com/you/hidden-math")
    monkeypatch.setenv("HUB_BRANCH", "main")
    assert hub.default_repo() == "https://github.com/you/hidden-math"
    assert hub.default_branch() == "main"
    monkeypatch.delenv("HUB_REPO")
    assert hub.default_repo() == f"file://{hub.REPO}"
