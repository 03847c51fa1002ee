"""Static files storage: whitenoise's compressed, hashed files, with ES module imports
rewritten to the hashed names too.

Without the rewrite, `import { apiFetch } from "./api.js"` inside a hashed module loads
the unhashed `api.js`: cached for a year by whitenoise (stale after a deploy), a second
copy of the module, and missing from the service worker's precache (broken offline).

A module's hash is the digest of its own source and the hashed names of the modules it
imports, so a change anywhere below renames every module above it (which is what the
rewritten imports would give after enough of Django's passes), settled in one pass.
The modules import one way (ESLint's import-x/no-cycle guards it); a cycle is an error.
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
        self._js_hashes = {}
        for name, (storage, path) in paths.items():
            if name.endswith(".js"):
                with storage.open(path) as handle:
                    self._js_sources[name] = handle.read()
        yield from super().post_process(paths, dry_run=dry_run, **options)

    def imports_of(self, name: str) -> list[str]:
        text = self._js_sources[name].decode("utf-8", "replace")
        base = posixpath.dirname(name)
        found = {posixpath.normpath(posixpath.join(base, spec))
                 for spec in RELATIVE_IMPORT.findall(text)}
        return sorted(found & self._js_sources.keys())

    def module_hash(self, name: str, importing: tuple[str, ...] = ()) -> str:
        if name in importing:
            raise ValueError(f"JS modules import each other: {' -> '.join((*importing, name))}")
        if name not in self._js_hashes:
            digest = hashlib.md5(self._js_sources[name], usedforsecurity=False)
            for module in self.imports_of(name):
                digest.update(b"\0" + module.encode() + b"." + self.module_hash(
                    module, (*importing, name)).encode())
            self._js_hashes[name] = digest.hexdigest()[:12]
        return self._js_hashes[name]

    def file_hash(self, name, content=None):
        if name not in getattr(self, "_js_sources", {}):
            return super().file_hash(name, content)
        return self.module_hash(name)
