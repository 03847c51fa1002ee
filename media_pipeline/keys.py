"""Object keys: UUIDs only, never a file name or anything else about the person.

The caller chooses a key's scope (a path of ids, e.g. owner/item) and the file's id:
originals are `images/originals/<scope>/<file>.<ext>`, renditions
`images/<folder>/<scope>/<file>_<suffix>.v<pipeline>-r<revision>.<ext>` from the rendition
table. A new revision is a new key, so remaking renditions never changes the bytes behind a
URL that caches keep for a year. Keys stored before versioning (no `.v..-r..`) still work:
callers read keys from their rows, never rebuild them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from media_pipeline import renditions as table

EXTENSION_BY_TYPE = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
ORIGINALS = "images/originals"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ORIGINAL = re.compile(
    rf"^{ORIGINALS}/(?P<scope>(?:{UUID}/)+)(?P<file>{UUID})\.(?P<ext>jpg|png|webp)$"
)
REVISION = re.compile(r"\.v\d+-r(?P<revision>\d+)\.[a-z]+$")


@dataclass(frozen=True)
class OriginalKey:
    scope: tuple[str, ...]
    file_id: uuid.UUID
    extension: str


def _scope_path(scope: Sequence) -> str:
    parts = [str(uuid.UUID(str(part))) for part in scope]  # ids only: refuses anything else
    if not parts:
        raise ValueError("a key needs a scope")
    return "/".join(parts)


def originals_prefix(scope: Sequence) -> str:
    return f"{ORIGINALS}/{_scope_path(scope)}/"


def original_key(scope: Sequence, file_id, content_type: str) -> str:
    return f"{originals_prefix(scope)}{file_id}.{EXTENSION_BY_TYPE[content_type]}"


def parse_original_key(key: str) -> OriginalKey | None:
    match = ORIGINAL.match(key or "")
    if match is None:
        return None
    return OriginalKey(tuple(match["scope"].strip("/").split("/")), uuid.UUID(match["file"]),
                       match["ext"])


def rendition_key(spec: table.Rendition, scope: Sequence, file_id, revision: int) -> str:
    return (f"images/{spec.folder}/{_scope_path(scope)}/{file_id}_{spec.suffix}"
            f".v{table.PIPELINE_VERSION}-r{revision}.{spec.extension}")


def rendition_keys(scope: Sequence, file_id, revision: int = 1) -> dict[str, str]:
    """{rendition name: key} for every rendition of the table."""
    return {spec.name: rendition_key(spec, scope, file_id, revision)
            for spec in table.RENDITIONS}


def revision_of(key: str) -> int:
    """The revision a rendition key carries; 0 for a key from before versioning."""
    match = REVISION.search(key or "")
    return int(match["revision"]) if match else 0


def is_current(rendition_keys: dict[str, str]) -> bool:
    """Every rendition of the table is there, made by the current pipeline version."""
    marker = f".v{table.PIPELINE_VERSION}-r"
    return all(marker in rendition_keys.get(spec.name, "") for spec in table.RENDITIONS)


def next_revision(keys: Iterable[str]) -> int:
    return max((revision_of(key) for key in keys), default=0) + 1
