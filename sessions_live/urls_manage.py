"""Facilitator set-up pages and the join flow (filled in by the manage/join work)."""

urlpatterns: list = []
