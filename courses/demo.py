"""Demo content for training."""

from django.db import transaction

from cms.models import HomePage
from courses.models import TrainingIndexPage

TRAINING_INTRO = (
    "Training for champions and enablers: the peers who help people plan their support. "
    "Every course comes in standard, easy read and large print."
)


@transaction.atomic
def demo_training_ensure() -> list[str]:
    """Create the training index under the home page if it is missing."""
    home = HomePage.objects.first()
    if home is None:
        return []
    index = TrainingIndexPage.objects.first()
    if index is None:
        index = TrainingIndexPage(title="Training", slug="training", intro=TRAINING_INTRO)
        home.add_child(instance=index)
        index.save_revision().publish()
    return [f"Training: {index.get_url()}"]
