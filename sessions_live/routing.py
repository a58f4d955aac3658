"""WebSocket URLs."""

from django.urls import path

from sessions_live.consumers import BoardConsumer, ConnectionCheckConsumer

websocket_urlpatterns = [
    path("ws/connection-check/", ConnectionCheckConsumer.as_asgi()),
    path("ws/live/<int:session_id>/", BoardConsumer.as_asgi()),
]
