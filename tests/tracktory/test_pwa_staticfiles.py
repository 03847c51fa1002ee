"""The static files storage: hashed ES module imports, each module named by its own source
and the hashed names of what it imports."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings

HASHED = re.compile(r"^[\w-]+\.[0-9a-f]{12}\.js$")


@pytest.fixture
def source(tmp_path):
    src = tmp_path / "src" / "js"
    src.mkdir(parents=True)
    (src / "base.js").write_text("export const base = 1;\n")
    (src / "queue.js").write_text(
        'import { base } from "./base.js";\n'
        'export const q = () => import("./sync.js");\n'
    )
    (src / "sync.js").write_text('import { base } from "./base.js";\nexport const s = base;\n')
    (src / "page.js").write_text('import { q } from "./queue.js";\nq();\n')
    return tmp_path / "src"


def collect(source, root):
    with override_settings(
        STATIC_ROOT=str(root), STATICFILES_DIRS=[str(source)],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)


def hashed(root, stem):
    [match] = [p for p in (root / "js").iterdir() if HASHED.match(p.name) and
               p.name.startswith(stem + ".")]
    return match


def test_imports_point_at_hashed_files(source, tmp_path):
    root = tmp_path / "out"
    collect(source, root)

    page = hashed(root, "page").read_text()
    queue = hashed(root, "queue").read_text()
    sync = hashed(root, "sync").read_text()
    assert f'from "./{hashed(root, "queue").name}"' in page
    assert f'from "./{hashed(root, "base").name}"' in queue
    assert f'import("./{hashed(root, "sync").name}")' in queue
    assert f'from "./{hashed(root, "base").name}"' in sync


def test_a_change_deep_in_the_graph_renames_every_module_that_loads_it(source, tmp_path):
    collect(source, tmp_path / "first")
    (source / "js" / "base.js").write_text("export const base = 2;\n")
    collect(source, tmp_path / "second")

    for stem in ("base", "queue", "sync", "page"):
        assert hashed(tmp_path / "first", stem).name != hashed(tmp_path / "second", stem).name


def test_a_change_elsewhere_keeps_a_module_name(source, tmp_path):
    collect(source, tmp_path / "first")
    (source / "js" / "page.js").write_text('import { q } from "./queue.js";\nq(); q();\n')
    collect(source, tmp_path / "second")

    assert hashed(tmp_path / "first", "queue").name == hashed(tmp_path / "second", "queue").name
    assert hashed(tmp_path / "first", "page").name != hashed(tmp_path / "second", "page").name


def test_modules_importing_each_other_fail_the_build(source, tmp_path):
    (source / "js" / "base.js").write_text(
        'import { q } from "./queue.js";\nexport const base = q;\n')

    with pytest.raises(ValueError, match="import each other"):
        collect(source, tmp_path / "out")
