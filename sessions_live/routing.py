"""WebSocket URLs."""

from django.urls import path

from sessions_live.consumers import ConnectionCheckConsumer

websocket_urlpatterns = [
    path("ws/connection-check/", ConnectionCheckConsumer.as_asgi()),
]
