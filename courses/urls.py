"""Site search over courses, modules and the glossary."""

urlpatterns: list = []
