"""Helpers for the PWA page tests: the routes, page parsing, the module graph and sizes.

Pages reference hashed static names, so their tests use the session's `collected_static`
(tests/conftest.py).
"""

import gzip
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

# Every page route, by URL name, with the kwargs it needs.
PAGE_ROUTES = [
    ("pwa-login", {}),
    ("pwa-register", {}),
    ("pwa-items", {}),
    ("pwa-item-new", {}),
    ("pwa-item-detail", {"item_id": "6f1c1b1e-0000-4000-8000-000000000001"}),
    ("pwa-item-edit", {"item_id": "6f1c1b1e-0000-4000-8000-000000000001"}),
    ("pwa-search", {}),
    ("pwa-locations", {}),
    ("pwa-categories", {}),
    ("pwa-settings", {}),
    ("pwa-households", {}),
    ("pwa-invite", {"token": "k3Yq_invite-token"}),
]

MODULE_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}/[^"'\s]+?\.js)["']""")


class PageParts(HTMLParser):
    """The parts of a page the tests look at: scripts, stylesheets, links, metas, attrs."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.stylesheets: list[str] = []
        self.links: list[dict] = []
        self.metas: dict[str, str] = {}
        self.tags: list[tuple[str, dict]] = []
        self._in_script = False
        self.inline_script_text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "script":
            self.scripts.append(attrs)
            self._in_script = True
        elif tag == "link":
            self.links.append(attrs)
            if attrs.get("rel") == "stylesheet":
                self.stylesheets.append(attrs["href"])
        elif tag == "meta" and "name" in attrs:
            self.metas[attrs["name"]] = attrs.get("content", "")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.inline_script_text += data

    def named(self, tag: str) -> list[dict]:
        return [attrs for t, attrs in self.tags if t == tag]


def parse(html: str) -> PageParts:
    parts = PageParts()
    parts.feed(html)
    return parts


def static_file(static_root: Path, url: str) -> Path:
    assert url.startswith("/static/"), url
    path = static_root / url.removeprefix("/static/")
    assert path.is_file(), f"{url} is not in STATIC_ROOT"
    return path


def module_graph(static_root: Path, entry_urls: list[str]) -> list[Path]:
    """Every module a page loads at start: its scripts and all their (dynamic) imports."""
    seen: dict[str, Path] = {}
    todo = list(entry_urls)
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        path = static_file(static_root, url)
        seen[url] = path
        base = posixpath.dirname(url)
        for spec in MODULE_IMPORT.findall(path.read_text()):
            todo.append(posixpath.normpath(posixpath.join(base, spec)))
    return list(seen.values())


def gzipped_size(paths: list[Path]) -> int:
    return sum(len(gzip.compress(path.read_bytes(), compresslevel=9)) for path in paths)
