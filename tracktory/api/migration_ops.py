"""Operations the apps' migrations share."""

from django.db import migrations


def move_content_type(model: str, *, old_app: str, new_app: str) -> migrations.RunPython:
    """When a model moves between apps (its table kept), rename its content type instead of
    leaving a stale one and creating a new one: the id, and the permissions and admin log
    entries that point at it, are kept. Reversible."""

    def rename(source: str, target: str):
        def run(apps, schema_editor):
            content_types = apps.get_model("contenttypes", "ContentType").objects
            if not content_types.filter(app_label=target, model=model).exists():
                content_types.filter(app_label=source, model=model).update(app_label=target)
        return run

    return migrations.RunPython(rename(old_app, new_app), rename(new_app, old_app))
