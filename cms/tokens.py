"""Hashing for secrets the database must not hold in the clear."""

import hashlib


def token_hash(token: str) -> str:
    """SHA-256 of an invite token, invitation token or device id: what the database keeps."""
    return hashlib.sha256(token.encode()).hexdigest()
