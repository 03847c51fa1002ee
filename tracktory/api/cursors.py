"""Keyset (cursor) pagination: stable under inserts, cheap at any depth. One codec for every
paged list (items, history, search by relevance).

A cursor is opaque to clients: URL-safe base64 of JSON holding the ordering it was made for,
the last row's sort values and its id. Rows after it are those strictly past that tuple in
the ordering's direction, so ties on the sort values never repeat or skip a row.
"""

import base64
import binascii
import json
import math
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from rest_framework import serializers

from tracktory.api.errors import ValidationFailed

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class Page:
    rows: list
    limit: int
    next_cursor: str | None


@dataclass(frozen=True)
class SortKey:
    """One column of an ordering, and how its value travels inside a cursor."""

    field: str
    # "datetime", "str" or "number".
    kind: str
    # An expression to sort on instead of a stored column (e.g. Lower("name")), as `field`.
    expression: object = None

    def dump(self, value):
        return value.isoformat() if self.kind == "datetime" else value

    def load(self, value):
        if self.kind == "datetime":
            return datetime.fromisoformat(value)
        if self.kind == "str" and isinstance(value, str):
            return value
        if self.kind == "number" and not isinstance(value, bool) \
                and isinstance(value, (int, float)) and math.isfinite(value):
            return value
        raise ValueError(f"not a {self.kind}")


@dataclass(frozen=True)
class Keyset:
    """Order by `keys`, then by primary key as the tiebreaker, all in one direction."""

    name: str
    keys: tuple[SortKey, ...]
    descending: bool = True

    @classmethod
    def by(cls, field: str, *, kind: str, descending: bool, expression=None) -> "Keyset":
        """The common case: one column (plus the id)."""
        return cls(name=f"{field}:{'desc' if descending else 'asc'}",
                   keys=(SortKey(field, kind, expression),), descending=descending)

    def order_by(self) -> list[str]:
        sign = "-" if self.descending else ""
        return [f"{sign}{key.field}" for key in self.keys] + [f"{sign}id"]

    def encode(self, row) -> str:
        raw = {"o": self.name, "v": [key.dump(getattr(row, key.field)) for key in self.keys],
               "id": str(row.pk)}
        return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")

    def decode(self, cursor: str) -> tuple[list, uuid.UUID]:
        """The sort values and id a cursor holds; a cursor of another ordering is invalid."""
        bad = ValidationFailed("The cursor is not valid.", {"cursor": ["Invalid cursor."]})
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            raw = json.loads(base64.urlsafe_b64decode(padded.encode()))
            if not isinstance(raw, dict) or raw.get("o") != self.name \
                    or not isinstance(raw.get("v"), list) or len(raw["v"]) != len(self.keys):
                raise bad
            values = [key.load(value) for key, value in zip(self.keys, raw["v"], strict=True)]
            return values, uuid.UUID(raw["id"])
        except (ValueError, TypeError, KeyError, AttributeError, binascii.Error,
                UnicodeError) as exc:
            raise bad from exc

    def after(self, cursor: str) -> Q:
        """Rows strictly past the cursor: (k1, ..., id) compared as a tuple."""
        values, last_id = self.decode(cursor)
        op = "lt" if self.descending else "gt"
        columns = [*zip((key.field for key in self.keys), values, strict=True), ("id", last_id)]
        condition = Q()
        for position, (field, value) in enumerate(columns):
            equal_before = {name: earlier for name, earlier in columns[:position]}
            condition |= Q(**equal_before, **{f"{field}__{op}": value})
        return condition


def paginate(queryset: QuerySet, *, keyset: Keyset, cursor: str | None, limit: int) -> Page:
    annotations = {key.field: key.expression for key in keyset.keys if key.expression is not None}
    if annotations:
        queryset = queryset.annotate(**annotations)
    queryset = queryset.order_by(*keyset.order_by())
    if cursor:
        queryset = queryset.filter(keyset.after(cursor))
    # One extra row tells whether another page exists without a COUNT.
    rows = list(queryset[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = keyset.encode(rows[-1]) if has_more and rows else None
    return Page(rows=rows, limit=limit, next_cursor=next_cursor)


class PageParamsSerializer(serializers.Serializer):
    """`?cursor=&limit=` of any paged list."""

    cursor = serializers.CharField(required=False, max_length=1000)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT,
                                     default=DEFAULT_LIMIT)
