"""Clients that send their requests slowly (a header line a second, as a
slowloris attack does) must not stop the app answering everyone else."""

import socket
import threading
import time
from contextlib import contextmanager

from .served import get


@contextmanager
def slow_clients(port, count, lines=4):
    """count connections to port, each sending a request's headers one line a
    second for `lines` seconds and then giving up; closed on leaving."""
    stop = threading.Event()
    connections = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(count)]

    def trickle(connection):
        try:
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            for line in range(lines):
                if stop.wait(1):
                    return
                connection.sendall(f"X-Slow-{line}: {line}\r\n".encode())
        except OSError:
            pass  # the server may close a connection it has given up on

    threads = [threading.Thread(target=trickle, args=(each,), daemon=True) for each in connections]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        for connection in connections:
            connection.close()


def assert_healthz_answers_within_a_second(port):
    started = time.monotonic()
    try:
        answer = get(port, "/healthz", timeout=1)
    except TimeoutError:
        raise AssertionError("/healthz did not answer within 1 s") from None
    assert answer.status == 200
    assert time.monotonic() - started < 1.0


def test_healthz_answers_within_a_second_while_two_clients_send_headers_a_line_a_second(served):
    # Two clients held both sync workers; now each holds one thread of a worker.
    with slow_clients(served.port, 2):
        for _ in range(3):
            time.sleep(1)  # the slow clients are a line further on
            assert_healthz_answers_within_a_second(served.port)


def test_behind_nginx_healthz_answers_within_a_second_while_more_slow_clients_than_threads_wait(nginx):
    # 12 is more than the 2 workers x 4 threads behind nginx: nginx holds them,
    # gunicorn sees a request only once it is whole.
    with slow_clients(nginx.port, 12):
        for _ in range(3):
            time.sleep(1)
            assert_healthz_answers_within_a_second(nginx.port)
