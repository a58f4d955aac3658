"""Board pages: participant board, room and table views, projector, no-JS note forms."""

urlpatterns: list = []
