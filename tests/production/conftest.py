import pytest

from .served import Nginx, Served


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """`make serve` as deployed on one machine without Redis: two workers,
    production settings over LOCAL_HTTP, nothing trusted from a proxy."""
    server = Served(tmp_path_factory.mktemp("served")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def behind_proxy(tmp_path_factory):
    """`make serve` configured for the nginx in front of it (deploy/nginx/)."""
    server = Served(
        tmp_path_factory.mktemp("behind-proxy"), TRUST_X_FORWARDED_PROTO="true", TRUST_X_FORWARDED_FOR="1"
    ).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def nginx(behind_proxy, tmp_path_factory):
    proxy = Nginx(tmp_path_factory.mktemp("nginx"), behind_proxy.port).start()
    yield proxy
    proxy.stop()
