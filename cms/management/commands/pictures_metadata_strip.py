"""Remove EXIF, GPS and XMP from every stored picture; delete renditions made with them.

Migration ``cms.0003`` runs this once. Run it again after restoring pictures
from an old backup: clean pictures are left alone.
"""

from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from cms.images import pictures_metadata_strip


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def handle(self, *args, **options):
        image_model = get_image_model()
        counts = pictures_metadata_strip(
            image_model=image_model, rendition_model=image_model.get_rendition_model()
        )
        self.stdout.write(
            f"Pictures cleaned: {counts['images']}. Resized versions deleted, to be made "
            f"again without metadata: {counts['renditions']}."
        )
