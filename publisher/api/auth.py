"""The bearer token check in front of every press office endpoint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from publisher.store import Store
from publisher.store.api_tokens import token_holder

__all__ = ["bearer_holder"]

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="publisher"'}
# Declares the scheme in the OpenAPI document; the answer to a missing token is ours (401, not 403).
_SCHEME = HTTPBearer(auto_error=False, description="A token made with: publisher tokens create NAME")


def bearer_holder(store: Store) -> Callable[..., str]:
    """A FastAPI dependency: the name of the request's live token, or 401 with a Bearer challenge.

    A missing, malformed, unknown and revoked token get the same status and challenge, so a caller
    learns nothing about which tokens exist.
    """

    def holder(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_SCHEME)]) -> str:
        if credentials is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                detail="an API token is needed: Authorization: Bearer <token>",
                headers=_CHALLENGE,
            )
        name = token_holder(store, credentials.credentials)
        if name is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                detail="the API token is not valid (unknown or revoked)",
                headers=_CHALLENGE,
            )
        return name

    return holder
