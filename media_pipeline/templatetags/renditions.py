"""Template tags that hand the rendition table to the page's scripts."""

from django import template
from django.utils.html import format_html_join

from media_pipeline.renditions import gallery_roles

register = template.Library()


@register.simple_tag
def gallery_rendition_attrs() -> str:
    """`data-rendition-inline="displayUrl" ...`: which image field gallery.js shows in
    each role, so the script names no size."""
    return format_html_join(" ", 'data-rendition-{}="{}"', sorted(gallery_roles().items()))
