"""Learning URLs under /training/ (sign-up, my learning, cohorts)."""

app_name = "training"

urlpatterns: list = []
