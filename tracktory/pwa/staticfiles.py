"""Static files storage: whitenoise's compressed, hashed files, with ES module imports
rewritten to the hashed names too.

Without the rewrite, `import { apiFetch } from "./api.js"` inside a hashed module loads
the unhashed `api.js`: cached for a year by whitenoise (stale after a deploy), a second
copy of the module, and missing from the service worker's precache (broken offline).

Django hashes a file's rewritten content, which never settles when modules import each
other in a cycle (a static import one way, a dynamic `import()` back). So a JS module's
hash here is the digest of the original sources of every module it reaches through
relative imports, itself included: stable from the first pass, and it still changes
whenever anything the module loads changes.
"""

import hashlib
import posixpath
import re

from whitenoise.storage import CompressedManifestStaticFilesStorage

# `from "./x.js"`, `import "./x.js"`, `import("./x.js")`: relative specifiers only.
RELATIVE_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}/[^"'\s]+?\.js)["']""")


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True

    def post_process(self, paths, dry_run=False, **options):
        self._js_sources = {}
        for name, (storage, path) in paths.items():
            if name.endswith(".js"):
                with storage.open(path) as handle:
                    self._js_sources[name] = handle.read()
        yield from super().post_process(paths, dry_run=dry_run, **options)

    def module_closure(self, name: str) -> set[str]:
        """`name` and every module it imports, directly or not (cycles included)."""
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen or current not in self._js_sources:
                continue
            seen.add(current)
            text = self._js_sources[current].decode("utf-8", "replace")
            base = posixpath.dirname(current)
            todo.extend(
                posixpath.normpath(posixpath.join(base, spec))
                for spec in RELATIVE_IMPORT.findall(text)
            )
        return seen

    def file_hash(self, name, content=None):
        sources = getattr(self, "_js_sources", None)
        if not sources or name not in sources:
            return super().file_hash(name, content)
        digest = hashlib.md5(usedforsecurity=False)
        for module in sorted(self.module_closure(name)):
            digest.update(module.encode() + b"\0" + sources[module] + b"\0")
        return digest.hexdigest()[:12]
