"""Remove EXIF, GPS and XMP from pictures stored before uploads were cleaned.

Each stored original with metadata is written again without it (orientation
applied to the pixels), and renditions made from it, or carrying metadata of
their own, are deleted so that Wagtail makes them again, clean (cms.images).
"""

from django.db import migrations


def pictures_clean(apps, schema_editor):
    from cms.images import pictures_metadata_strip

    pictures_metadata_strip(
        image_model=apps.get_model("wagtailimages", "Image"),
        rendition_model=apps.get_model("wagtailimages", "Rendition"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_base_stream_training_blocks"),
        ("wagtailimages", "0027_image_description"),
    ]

    # Nothing to undo: the metadata is gone, as intended.
    operations = [migrations.RunPython(pictures_clean, migrations.RunPython.noop)]
