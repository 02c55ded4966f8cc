import pytest

from api import tokens


@pytest.fixture
def bearer():
    """bearer(user) -> the headers that send a new token of user's."""

    def make(user, **kwargs):
        _, key = tokens.token_create(user=user, name="test", **kwargs)
        return {"Authorization": f"Bearer {key}"}

    return make


@pytest.fixture
def owner_api(client, owner, bearer):
    """The test client with owner's token on every request."""
    headers = bearer(owner)

    class Api:
        def get(self, path, data=None, **extra):
            return client.get(path, data, headers=headers, **extra)

        def post(self, path, data=None, **extra):
            return client.post(path, data or {}, content_type="application/json", headers=headers, **extra)

        def patch(self, path, data=None, **extra):
            return client.patch(path, data or {}, content_type="application/json", headers=headers, **extra)

        def delete(self, path, **extra):
            return client.delete(path, headers=headers, **extra)

    return Api()
