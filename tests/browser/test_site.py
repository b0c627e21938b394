"""`make html`: every page of the static site opens in Chromium, offline, without a console error.

The site is built into a temporary folder and served on 127.0.0.1; any request
for another host is refused and fails the page, so the site cannot lean on a
CDN. Per page: no console error or warning, no page error, no failed request,
every image decoded, MathJax typeset with no TeX error, every local link
pointing at a page of the site. A screenshot of the index and of lesson 01
goes to build/screenshots/.
"""

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from labdriver import SCREENSHOTS

from tools import site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The site, built now and served on 127.0.0.1 (the base URL and the folder)."""
    root = tmp_path_factory.mktemp("site")
    site.build(root)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        """No request log on stderr."""


@pytest.fixture(scope="module")
def page(chromium, served):
    base, _ = served
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    problems = []

    def only_this_site(route):
        if urlparse(route.request.url).netloc == urlparse(base).netloc:
            route.continue_()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()

    context.route("**/*", only_this_site)
    page = context.new_page()
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} {r.failure}"))
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    page.problems = problems
    yield page
    context.close()


PAGES = ["index", *(lesson["stem"] for lesson in site.lesson_map())]

# Which images did not decode, which local links lead nowhere known, how much math was typeset.
AUDIT_JS = """() => ({
  images: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))
                             .map(i => i.alt || i.src.slice(0, 60)),
  links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
          .filter(h => !/^(https?:|mailto:|#)/.test(h)),
  math: document.querySelectorAll('mjx-container').length,
  texErrors: document.querySelectorAll('[data-mjx-error], [data-mml-node="merror"]').length,
  widgets: document.querySelectorAll('.hm-widget img.hm-still').length,
  title: document.title,
})"""

MATHJAX_DONE_JS = """async () => {
  for (let i = 0; i < 200 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++) {
    await new Promise(r => setTimeout(r, 50));
  }
  if (!(window.MathJax && MathJax.startup)) return false;
  await MathJax.startup.promise;
  return true;
}"""


@pytest.mark.parametrize("name", PAGES)
def test_page_opens_offline_without_console_errors(page, served, name):
    base, root = served
    page.problems.clear()
    page.goto(f"{base}/{name}.html", wait_until="load", timeout=30_000)
    if name != "index":
        assert page.evaluate(MATHJAX_DONE_JS), "MathJax did not load"
    page.wait_for_timeout(100)  # late console messages of the last typeset
    audit = page.evaluate(AUDIT_JS)
    assert not page.problems, "\n".join(page.problems)
    assert not audit["images"], f"images that did not load: {audit['images']}"
    pages = {p.name for p in Path(root).glob("*.html")}
    broken = [h for h in audit["links"] if h.split("#")[0] not in pages and not (root / h).exists()]
    assert not broken, f"links to nothing: {broken}"
    assert audit["texErrors"] == 0
    if name == "index":
        assert {h for h in audit["links"] if h.endswith(".html")} == pages - {"index.html"}
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "site_index.png"))
    else:
        assert audit["math"] > 0, "no formula was typeset"
        assert audit["widgets"] > 0, "no widget still on the page"
        assert audit["title"].startswith("Lesson"), audit["title"]
        if name.startswith("01_"):
            page.locator(".hm-widget").first.scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / "site_lesson01.png"))
