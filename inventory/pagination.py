"""Keyset (cursor) pagination: stable under inserts, cheap at any depth.

A cursor is opaque to clients: URL-safe base64 of JSON holding the sort it was made for and
the last row's sort value and id. Rows after it are those strictly past (value, id) in the
sort direction, so ties on the sort value never repeat or skip a row.
"""

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from tracktory.api.errors import ValidationFailed

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class Page:
    rows: list
    limit: int
    next_cursor: str | None


@dataclass(frozen=True)
class KeysetOrder:
    """Order by one model field plus the primary key as a tiebreaker."""

    field: str
    descending: bool
    # "datetime" or "str": how the sort value travels inside the cursor.
    kind: str
    # An expression to sort on instead of a stored column (e.g. Lower("name")), as `field`.
    expression: object = None

    @property
    def tag(self) -> str:
        return f"{self.field}:{'desc' if self.descending else 'asc'}"

    def order_by(self) -> list[str]:
        sign = "-" if self.descending else ""
        return [f"{sign}{self.field}", f"{sign}id"]

    def encode(self, row) -> str:
        value = getattr(row, self.field)
        raw = {"o": self.tag, "v": value.isoformat() if self.kind == "datetime" else value,
               "id": str(row.pk)}
        return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")

    def decode(self, cursor: str) -> tuple:
        bad = ValidationFailed("The cursor is not valid.", {"cursor": ["Invalid cursor."]})
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            raw = json.loads(base64.urlsafe_b64decode(padded.encode()))
            if not isinstance(raw, dict) or raw.get("o") != self.tag:
                raise bad
            value = raw["v"]
            if self.kind == "datetime":
                value = datetime.fromisoformat(value)
            elif not isinstance(value, str):
                raise bad
            return value, uuid.UUID(raw["id"])
        except (ValueError, TypeError, KeyError, binascii.Error, UnicodeError) as exc:
            raise bad from exc

    def after(self, cursor: str) -> Q:
        value, last_id = self.decode(cursor)
        op = "lt" if self.descending else "gt"
        return Q(**{f"{self.field}__{op}": value}) | Q(
            **{self.field: value, f"id__{op}": last_id}
        )


def paginate(queryset: QuerySet, *, order: KeysetOrder, cursor: str | None, limit: int) -> Page:
    if order.expression is not None:
        queryset = queryset.annotate(**{order.field: order.expression})
    queryset = queryset.order_by(*order.order_by())
    if cursor:
        queryset = queryset.filter(order.after(cursor))
    # One extra row tells whether another page exists without a COUNT.
    rows = list(queryset[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = order.encode(rows[-1]) if has_more and rows else None
    return Page(rows=rows, limit=limit, next_cursor=next_cursor)
