"""Upstreams that break the protocol or the connection: the client gets nginx 1.22.1's answer (502 before
a response header, 504 on proxy_read_timeout, a cut stream once the header went out), the peer is marked
failed per max_fails, and nothing leaks: the worker's open descriptors and memory are counted before and
after 10,000 such requests.

One difference on purpose: a status line that is not HTTP (/bad-status) gets 502. nginx takes such an
answer for HTTP/0.9 and passes its bytes on as a body, which lets an upstream write the client's headers.

The hostile backend is one asyncio loop in a thread, so thousands of connections cost little."""

import asyncio
import os
import socket
import struct
import threading
import time
import unittest

from nproxy_testlib import (SANITIZED, Nproxy, connect, fetch, free_ports, http_conf, read_response, request_bytes,
                            worker_pid)

OK_BODY = b"fine"


async def hostile(reader, writer, only=None):
    """Reads one request and misbehaves as its path says (or as `only` says, whatever the path)."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()
        return
    path = head.split(b" ", 2)[1].decode()
    kind = only or path.strip("/").split("/")[0]
    sock = writer.get_extra_info("socket")

    def reset():
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()

    if kind == "ok":
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\n" + OK_BODY)
    elif kind == "reset-before-header":
        return reset()
    elif kind == "reset-in-header":
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Le")
        await writer.drain()
        await asyncio.sleep(0.01)
        return reset()
    elif kind == "reset-in-body":
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"x" * 100)
        await writer.drain()
        await asyncio.sleep(0.01)
        return reset()
    elif kind == "bad-status":
        writer.write(b"HTTP/1.1 2x0 Fine\r\nContent-Length: 0\r\n\r\n")
    elif kind == "huge-header":
        writer.write(b"HTTP/1.1 200 OK\r\nX-Big: " + b"b" * 65536 + b"\r\nContent-Length: 0\r\n\r\n")
    elif kind == "short-body":  # promises more than it sends, then closes
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 50)
    elif kind == "long-body":  # sends more than it promised
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\n" + OK_BODY + b"extra")
    elif kind == "silent":
        await asyncio.sleep(5)
    elif kind == "late":
        await asyncio.sleep(1)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n" + OK_BODY)
    try:
        await writer.drain()
    except ConnectionError:
        pass
    writer.close()


class HostileBackend:
    """The asyncio backend above on a loopback port, in a thread; counts the connections it accepted."""

    def __init__(self, port, only=None):
        self.port = port
        self.only = only
        self.accepted = 0
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        asyncio.set_event_loop(self.loop)

        async def counted(reader, writer):
            self.accepted += 1
            try:
                await hostile(reader, writer, self.only)
            except asyncio.CancelledError:  # the backend is closing
                pass
            finally:
                writer.transport.abort()

        self.server = self.loop.run_until_complete(
            asyncio.start_server(counted, "127.0.0.1", self.port, backlog=1024))
        self.ready.set()
        self.loop.run_forever()
        self.loop.run_until_complete(self.server.wait_closed())
        self.loop.close()

    def __enter__(self):
        self.thread.start()
        self.ready.wait(10)
        return self

    def __exit__(self, *exc):
        async def shut():
            self.server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()
        asyncio.run_coroutine_threadsafe(shut(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)



def descriptors(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def statuses(port, paths):
    """Each path fetched on its own connection: [(status or 'cut', body length)]."""
    out = []
    for path in paths:
        try:
            r = fetch(port, path, timeout=10)
            out.append((r.status, len(r.body)))
        except (ConnectionError, ValueError) as e:  # the stream was cut after the header
            out.append(("cut", str(e)))
    return out


FAST_KINDS = ["reset-before-header", "reset-in-header", "reset-in-body", "bad-status", "huge-header",
              "short-body", "long-body"]


class HostileUpstreams(unittest.TestCase):
    def serve(self, front, backend, upstream_params="", location=""):
        return Nproxy(http_conf(f"""
            upstream bad {{ server 127.0.0.1:{backend} {upstream_params}; }}
            server {{
                listen 127.0.0.1:{front};
                proxy_read_timeout 300ms;
                location / {{ proxy_pass http://bad; {location} }}
            }}"""), [front])

    def test_each_kind_gets_nginx_answer(self):
        front, backend = free_ports(2)
        expected = {
            "reset-before-header": (502, None), "reset-in-header": (502, None), "bad-status": (502, None),
            "huge-header": (502, None), "silent": (504, None), "late": (504, None),
            "long-body": (200, 4),
        }
        with HostileBackend(backend), self.serve(front, backend, "max_fails=0") as n:
            for kind, (status, length) in expected.items():
                with self.subTest(kind=kind):
                    (got,) = statuses(front, [f"/{kind}"])
                    self.assertEqual(got[0], status, n.error_log()[-2000:])
                    if length is not None:
                        self.assertEqual(got[1], length)
            # once the header went out, a broken body can only be cut: the client must not see it complete
            for kind in ("reset-in-body", "short-body"):
                with self.subTest(kind=kind):
                    with connect(front) as sock:
                        sock.sendall(request_bytes(path=f"/{kind}"))
                        with sock.makefile("rb") as reader:
                            response = read_response(reader)
                    self.assertEqual(response.status, 200)
                    self.assertLess(len(response.body), int(response.header("content-length")))
            log = n.error_log()
            for message in ('recv() failed (104: Connection reset by peer) while reading response header from upstream',
                            "upstream sent no valid HTTP/1.0 header while reading response header from upstream",
                            'upstream sent more data than specified in "Content-Length" header while reading upstream',
                            "readv() failed (104: Connection reset by peer) while reading upstream"):
                self.assertIn(message, log)
            self.assertIn("upstream sent too big header", n.error_log())
            self.assertIn("upstream timed out (110: Connection timed out) while reading response header from upstream",
                          n.error_log())
            self.assertIn("upstream prematurely closed connection while reading upstream", n.error_log())

    def test_a_failing_peer_is_avoided_per_max_fails(self):
        front, bad, good = free_ports(3)
        with HostileBackend(bad) as hostile_backend, HostileBackend(good, only="ok") as good_backend:
            conf = http_conf(f"""
                upstream pair {{ server 127.0.0.1:{bad} max_fails=1 fail_timeout=30s; server 127.0.0.1:{good}; }}
                server {{
                    listen 127.0.0.1:{front};
                    location / {{ proxy_pass http://pair/reset-before-header; }}
                }}""")
            with Nproxy(conf, [front]):
                # the bad peer fails once (an error: that request goes on to the good peer), then rests
                answers = statuses(front, ["/"] * 6)
            self.assertEqual(hostile_backend.accepted, 1)
            self.assertEqual(good_backend.accepted, 6)
            self.assertEqual(answers, [(200, 4)] * 6)

    def test_nothing_leaks_over_10000_hostile_requests(self):
        front, backend = free_ports(2)
        with HostileBackend(backend), self.serve(front, backend, "max_fails=0") as n:
            pid = worker_pid(n)
            statuses(front, [f"/{k}" for k in FAST_KINDS] * 20)  # warm up pools and allocator
            fds_before, rss_before = descriptors(pid), rss_kib(pid)
            paths = [f"/{FAST_KINDS[i % len(FAST_KINDS)]}" for i in range(10000)]
            threads = []
            results = []
            for part in range(4):  # four clients at once, each on its own connections
                t = threading.Thread(target=lambda p=paths[part::4]: results.extend(statuses(front, p)))
                t.start()
                threads.append(t)
            for t in threads:
                t.join(300)
            self.assertEqual(len(results), 10000)
            time.sleep(0.5)  # connections being closed
            fds_after, rss_after = descriptors(pid), rss_kib(pid)
            self.assertLessEqual(fds_after, fds_before + 2, "descriptors leaked")
            if not SANITIZED:
                self.assertLess(rss_after - rss_before, 8 * 1024, f"RSS grew from {rss_before} to {rss_after} KiB")
            self.assertEqual(worker_pid(n), pid)  # the worker never died
            self.assertNotIn("[alert]", n.error_log())


if __name__ == "__main__":
    unittest.main()
