"""Champions may add and change jargon buster terms in the Wagtail admin (issue 14).

Before this, a champion who opened the admin's Jargon buster was told "Sorry, you
do not have permission", while the site's own pages let champions add terms.

- Champions get ``wagtailadmin.access_admin``, ``courses.add_glossaryterm`` and
  ``courses.change_glossaryterm``. Not ``publish_glossaryterm``: in the admin a
  champion saves drafts, and an editor publishes them. (The site's own "Add a
  term" page publishes a champion's term at once when the ULO has not switched on
  ``TrainingSettings.glossary_needs_approval``; see ``courses.services``.)
- Editors get add, change and ``publish_glossaryterm``: they approve what
  champions wrote.

Django makes the add and change permissions, and Wagtail the publish one, only
after every migration has run (``post_migrate``). On a fresh database they do not
exist yet here, so this migration makes the rows itself, with the names those
signals would give them; the signals then find them and make no copies.
"""

from django.db import migrations

CHAMPIONS = "Champions"
EDITORS = "Editors"
MODEL = "glossaryterm"
VERBOSE_NAME = "jargon buster term"


def _permission(apps, action: str):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    content_type, _ = content_type_model.objects.get_or_create(app_label="courses", model=MODEL)
    permission, _ = permission_model.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{MODEL}",
        defaults={"name": f"Can {action} {VERBOSE_NAME}"},
    )
    return permission


def _access_admin(apps):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    content_type, _ = content_type_model.objects.get_or_create(
        app_label="wagtailadmin", model="admin"
    )
    permission, _ = permission_model.objects.get_or_create(
        content_type=content_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    return permission


def grant(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    add, change, publish = (_permission(apps, action) for action in ("add", "change", "publish"))
    champions, _ = group_model.objects.get_or_create(name=CHAMPIONS)
    champions.permissions.add(_access_admin(apps), add, change)
    editors, _ = group_model.objects.get_or_create(name=EDITORS)
    editors.permissions.add(add, change, publish)


def revoke(apps, schema_editor):
    """Take back the jargon buster permissions. Admin access stays: champions may have
    had it before, for other work, and without these permissions it shows them nothing
    of the jargon buster."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    glossary = permission_model.objects.filter(
        content_type__app_label="courses",
        codename__in=[f"add_{MODEL}", f"change_{MODEL}", f"publish_{MODEL}"],
    )
    for group in group_model.objects.filter(name__in=[CHAMPIONS, EDITORS]):
        group.permissions.remove(*glossary)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_course_completion_rules_glossary_drafts_training_settings"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # Wagtail's own migrations make the Editors group.
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
