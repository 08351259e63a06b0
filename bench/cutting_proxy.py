"""A loopback TCP proxy that can cut a connection after the request was sent.

It forwards a request to the server in full, waits until the server starts to answer (so the
server has done the work), and then resets the connection to the client without passing the
answer on: the client cannot know whether its request arrived. That is the bus going into a
tunnel just after she pressed "Save".

    proxy = CuttingProxy(upstream_port=5000).start()
    proxy.cut = lambda first_line: first_line.startswith(b"POST ")
    ... talk to 127.0.0.1:proxy.port ...
    proxy.stop()

One request per connection (both the test server and gunicorn's sync workers close after
each response). Used by tests/test_exactly_once.py, tests/browser/test_offline.py and
bench/exactly_once.py.
"""

from __future__ import annotations

import socket
import struct
import threading
from typing import Callable


def _never(_first_line: bytes) -> bool:
    return False


class CuttingProxy:
    """Listens on 127.0.0.1 and relays to `upstream_port`, cutting the answers `cut` picks."""

    def __init__(self, upstream_port: int, host: str = "127.0.0.1") -> None:
        self.upstream = (host, upstream_port)
        self.cut: Callable[[bytes], bool] = _never
        self.cuts = 0
        self.relayed = 0
        self._listener = socket.create_server((host, 0))
        self.port: int = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    def start(self) -> "CuttingProxy":
        """Accept connections in a background thread."""
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop accepting; connections in flight finish on their own."""
        self._stopping.set()
        self._listener.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            first = client.recv(65536)
            if not first:
                client.close()  # the client went away before asking anything
                return
            upstream = socket.create_connection(self.upstream, timeout=60)
        except OSError:
            client.close()
            return
        cutting = self.cut(first.split(b"\r\n", 1)[0])
        upstream.sendall(first)
        pipe = threading.Thread(target=self._pipe, args=(client, upstream), daemon=True)
        pipe.start()
        try:
            answer = upstream.recv(65536)
            if cutting and answer:
                # The server has answered, so it did the work; the client never hears of it.
                with self._lock:
                    self.cuts += 1
                # Wake the other thread's recv() first: a socket closed under a blocked recv() stays open.
                client.shutdown(socket.SHUT_RD)
                pipe.join(timeout=2)
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not a clean close
                return
            with self._lock:
                self.relayed += 1
            while answer:
                client.sendall(answer)
                answer = upstream.recv(65536)
        except OSError:
            pass
        finally:
            for sock in (client, upstream):
                try:
                    sock.close()
                except OSError:
                    pass

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        """Client to server: the rest of the request body, if any."""
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
        except OSError:
            pass
        try:
            target.shutdown(socket.SHUT_WR)
        except OSError:
            pass
