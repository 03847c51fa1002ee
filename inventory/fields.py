"""The item field table: one declaration per field.

The input and output serializers, history, CSV/JSON export, the Item admin and the PWA's
item form and detail page are all built from `ITEM_FIELDS`, so a plain new field is the
model field, its migration and one `ItemField(...)` here. Each consumer maps a `Kind` to
its own widget, DRF field or cell format; a new *kind* is the only thing that touches them.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any

from inventory.models import Item

# Free-text fields (description, notes) hold at most this much; the model cannot say it.
LONG_TEXT_MAX = 10_000


class Kind(StrEnum):
    TEXT = "text"            # one line, trimmed
    LONG_TEXT = "longtext"   # paragraphs, kept as typed
    BOOLEAN = "boolean"
    DATE = "date"
    MONEY = "money"          # two decimals, zero or more
    INTEGER = "integer"
    ENUM = "enum"            # the model field's choices
    FOREIGN_KEY = "fk"       # an id; `lookup` names what it points at
    UUID = "uuid"            # server-owned ids
    DATETIME = "datetime"    # server-owned timestamps


def iso_datetime(value: datetime.datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _to_api(kind: Kind, value: Any) -> Any:
    """A model value as the API shows it (JSON-safe)."""
    if value is None:
        return None
    if kind in (Kind.FOREIGN_KEY, Kind.UUID):
        return str(value)
    if kind is Kind.MONEY:
        return float(value)
    if kind is Kind.DATE:
        return value.isoformat()
    if kind is Kind.DATETIME:
        return iso_datetime(value)
    return value


# Widgets of the PWA form, by kind (templates/pwa/_item_field.html renders each).
WIDGETS = {
    Kind.TEXT: "text", Kind.LONG_TEXT: "textarea", Kind.BOOLEAN: "checkbox", Kind.DATE: "date",
    Kind.MONEY: "money", Kind.INTEGER: "number", Kind.ENUM: "select", Kind.FOREIGN_KEY: "select",
}


@dataclass(frozen=True)
class Form:
    """How the PWA's item form shows a field."""

    section: str = "details"     # "main" sits above the photos, "details" below them
    row: str | None = None       # fields sharing a row sit side by side on wide screens
    order: int = 0               # within its row
    empty_label: str | None = None  # a select's "nothing" option (null-able fields)


@dataclass(frozen=True)
class Detail:
    """How the PWA's item detail page shows a field."""

    place: str = "facts"         # "title" (the heading), "lead" (under the gallery),
    #                              "facts" (the grid of facts), "prose" (a labelled block)
    order: int = 0               # groups within a place; ties keep table order
    empty_text: str = "—"        # shown for an empty value
    hide_empty: bool = False     # leave the whole row out while the value is empty


@dataclass(frozen=True)
class Admin:
    list: bool = False
    filter: bool = False
    search: bool = False


@dataclass(frozen=True)
class ItemField:
    api: str                      # camelCase name in the API, history, export and the PWA
    attr: str                     # model attribute (`category_id` for a foreign key)
    kind: Kind
    label: str
    writable: bool = True         # False: server-owned, output only
    required: bool = False        # must be given (and not blank) on create
    null: bool = False            # the API takes and shows null; stored "" if the column can't
    max_length: int | None = None  # defaults to the model field's
    not_future: bool = False      # a date that cannot lie ahead (the services' rule)
    lookup: str | None = None     # a foreign key's target: "household", "category", "location"
    history: bool = True          # diffed in item history (writable fields only)
    export: tuple[str, ...] | None = None  # CSV/JSON columns; None = (api,); () = none
    form: Form | None = None      # None: not on the PWA form
    detail: Detail | None = None  # None: not on the detail page
    admin: Admin = field(default_factory=Admin)

    @cached_property
    def model_field(self):
        return Item._meta.get_field(self.attr)

    @property
    def model_name(self) -> str:
        """The model field's name (`category` for `category_id`), as forms and admin use."""
        return self.model_field.name

    @property
    def limit(self) -> int | None:
        return self.max_length or getattr(self.model_field, "max_length", None)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return list(self.model_field.choices or ())

    @property
    def tracked(self) -> bool:
        return self.writable and self.history

    @property
    def export_columns(self) -> tuple[str, ...]:
        return (self.api,) if self.export is None else self.export

    @property
    def detail_slot(self) -> str:
        """The detail page's `data-field`: what a reader sees (`category`, not its id)."""
        return self.lookup or self.api

    @property
    def widget(self) -> str:
        return WIDGETS[self.kind]

    def to_api(self, value: Any) -> Any:
        if self.null and value == "":
            return None  # a blank column is the API's null (condition "not recorded")
        return _to_api(self.kind, value)

    def to_model(self, value: Any) -> Any:
        """An API/service value as the column stores it."""
        if value is None and self.null and not self.model_field.null:
            return ""
        return value

    def to_csv(self, value: Any) -> str:
        shown = self.to_api(value)
        if shown is None:
            return ""
        if self.kind is Kind.MONEY:
            return f"{Decimal(value):.2f}"
        if self.kind is Kind.BOOLEAN:
            return "true" if shown else "false"
        return str(shown)

    @property
    def api_default(self) -> Any:
        """What a create (or PUT) that leaves the field out stores, as the API shows it."""
        return self.to_api(self.model_field.get_default())

    @property
    def empty_value(self) -> Any:
        """What an empty form input sends: null where allowed, else the default or ""."""
        if self.null:
            return None
        default = self.api_default
        return "" if default is None else default


ITEM_FIELDS: tuple[ItemField, ...] = (
    ItemField("id", "id", Kind.UUID, "Id", writable=False),
    ItemField("userId", "owner_id", Kind.UUID, "Added by", writable=False),
    # Left out of a create: the caller's personal household; of an update: unchanged. A
    # PATCH that sets it moves the item (and its photos and history) to that household.
    ItemField("householdId", "household_id", Kind.FOREIGN_KEY, "Household",
              lookup="household", admin=Admin(filter=True)),
    ItemField(
        "name", "name", Kind.TEXT, "Name", required=True,
        form=Form(section="main"), detail=Detail(place="title"),
        admin=Admin(list=True, search=True),
    ),
    ItemField(
        "description", "description", Kind.LONG_TEXT, "Description", max_length=LONG_TEXT_MAX,
        form=Form(), detail=Detail(place="lead", empty_text=""), admin=Admin(search=True),
    ),
    ItemField(
        "categoryId", "category_id", Kind.FOREIGN_KEY, "Category", null=True,
        lookup="category", export=("categoryId", "category"),
        form=Form(row="where", empty_label="None"), detail=Detail(),
        admin=Admin(list=True, filter=True),
    ),
    ItemField(
        "locationId", "location_id", Kind.FOREIGN_KEY, "Location", null=True,
        lookup="location", export=("locationId", "location", "locationPath"),
        form=Form(row="where", empty_label="None"), detail=Detail(),
        admin=Admin(list=True, filter=True),
    ),
    ItemField(
        "purchasePrice", "purchase_price", Kind.MONEY, "Price paid", null=True,
        form=Form(row="purchase"), detail=Detail(order=1), admin=Admin(list=True),
    ),
    ItemField(
        "purchaseDate", "purchase_date", Kind.DATE, "Purchase date", null=True,
        not_future=True, form=Form(row="purchase"), detail=Detail(order=1),
    ),
    ItemField(
        "status", "status", Kind.ENUM, "Status",
        form=Form(row="state", order=1), detail=Detail(), admin=Admin(list=True, filter=True),
    ),
    ItemField(
        "condition", "condition", Kind.ENUM, "Condition", null=True,
        form=Form(row="state", empty_label="Not recorded"),
        detail=Detail(empty_text="Not recorded"), admin=Admin(list=True, filter=True),
    ),
    ItemField(
        "notes", "notes", Kind.LONG_TEXT, "Notes", max_length=LONG_TEXT_MAX, form=Form(),
        detail=Detail(place="prose", empty_text="", hide_empty=True), admin=Admin(search=True),
    ),
    ItemField("createdAt", "created_at", Kind.DATETIME, "Added", writable=False,
              detail=Detail(order=2)),
    ItemField("updatedAt", "updated_at", Kind.DATETIME, "Updated", writable=False,
              detail=Detail(order=2)),
)

WRITABLE_FIELDS = tuple(spec for spec in ITEM_FIELDS if spec.writable)
TRACKED_FIELDS = tuple(spec for spec in ITEM_FIELDS if spec.tracked)
BY_API = {spec.api: spec for spec in ITEM_FIELDS}
BY_ATTR = {spec.attr: spec for spec in ITEM_FIELDS}


def form_sections() -> dict[str, list[list[ItemField]]]:
    """The form's fields by section, in rows: a row holds one field, or the fields sharing
    a `row` name, placed where the first of them is in the table."""
    specs = [spec for spec in ITEM_FIELDS if spec.form]

    def position(spec: ItemField) -> tuple[int, int]:
        first = min(i for i, other in enumerate(specs)
                    if other is spec or (spec.form.row and other.form.row == spec.form.row))
        return first, spec.form.order

    sections: dict[str, list[list[ItemField]]] = {}
    for spec in sorted(specs, key=position):
        rows = sections.setdefault(spec.form.section, [])
        if spec.form.row and rows and rows[-1][0].form.row == spec.form.row:
            rows[-1].append(spec)
        else:
            rows.append([spec])
    return sections


def detail_places() -> dict[str, list[ItemField]]:
    places: dict[str, list[ItemField]] = {}
    for spec in sorted((s for s in ITEM_FIELDS if s.detail), key=lambda s: s.detail.order):
        places.setdefault(spec.detail.place, []).append(spec)
    return places
