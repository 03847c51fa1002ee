"""The field table for the PWA's item form and detail page (templates/pwa/item_*.html).

Every input and detail slot carries its field's API name and kind as data attributes, so
static/js/item-fields.js reads and fills them without naming a field.
"""

import json

from django import template
from django.utils.html import format_html, format_html_join

from inventory.fields import ItemField, detail_places, form_sections

register = template.Library()


@register.simple_tag
def item_form_sections() -> dict:
    return form_sections()


@register.simple_tag
def item_detail_places() -> dict:
    return detail_places()


@register.simple_tag
def form_field_attrs(field: ItemField):
    """id, name, the JS's data attributes, and the limits the browser can check itself."""
    attrs = {"id": field.api, "name": field.api, "data-kind": str(field.kind),
             "data-empty": json.dumps(field.empty_value),
             "aria-describedby": f"{field.api}-error"}
    if field.limit and field.widget in ("text", "textarea"):
        attrs["maxlength"] = field.limit
    html = format_html_join(" ", '{}="{}"', attrs.items())
    return format_html("{} required", html) if field.required else html


@register.simple_tag
def detail_field_attrs(field: ItemField):
    attrs = {"data-field": field.detail_slot, "data-name": field.api,
             "data-kind": str(field.kind), "data-label": field.label,
             "data-empty-text": field.detail.empty_text}
    if field.lookup:
        attrs["data-lookup"] = field.lookup
    return format_html_join(" ", '{}="{}"', attrs.items())
