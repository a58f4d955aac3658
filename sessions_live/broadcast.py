"""Send committed changes to connected screens. Called from ``transaction.on_commit``
only, so no screen ever sees a change that was rolled back."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def groups_send(*, groups: list[str], message: dict) -> None:
    """Send one channel-layer message to each group."""
    layer = get_channel_layer()
    if layer is None:
        return
    for group in groups:
        async_to_sync(layer.group_send)(group, message)
