"""Every focus person's seat has a plan: the plan is what the charts belong to."""

import django.db.models.deletion
from django.db import migrations, models


def give_every_seat_a_plan(apps, schema_editor):
    FocusPerson = apps.get_model("sessions_live", "FocusPerson")
    Plan = apps.get_model("plans", "Plan")
    for seat in FocusPerson.objects.filter(plan__isnull=True).only("pk"):
        seat.plan = Plan.objects.create()
        seat.save(update_fields=["plan"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_plancard"),
        ("sessions_live", "0006_note_suggestion"),
    ]

    operations = [
        migrations.RunPython(give_every_seat_a_plan, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="focusperson",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="seats",
                to="plans.plan",
            ),
        ),
    ]
