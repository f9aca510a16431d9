"""nginx's mirror module (mirror, mirror_request_body), as nginx 1.22: each mirror URI gets a background
subrequest with the request's method, headers, arguments and (unless mirror_request_body off) its body; the
mirrors' answers are dropped, the client gets the main location's answer without waiting for them, while the
request's access log line and the connection's next request wait until they end. A mirror that is slow or
down leaves the main answer as it is; a failed one is logged as nginx logs a subrequest's error.

Every expectation here holds for nginx too (NPROXY=/usr/sbin/nginx)."""

import queue
import re
import time
import unittest

from nproxy_testlib import (BackgroundServer, Nproxy, connect, fetch, free_ports, http_conf, read_request,
                            read_response, request_bytes)

SLOW = 2.0  # seconds the slow mirror takes to answer


class Recorder:
    """A Python backend that records each request it gets (method, target, headers as a lower-cased dict,
    body) and answers `answer`, after `delay` seconds."""

    def __init__(self, answer, delay=0.0):
        self.answer = answer
        self.delay = delay
        self.got = queue.Queue()
        self.server = BackgroundServer(self.serve)

    def serve(self, conn, stop):
        with conn.makefile("rb") as reader:
            got = read_request(reader)
        if got is None:
            return
        method, target, _, headers, body = got
        self.got.put((method, target, {n.lower(): v for n, v in headers}, body))
        if self.delay:
            stop.wait(self.delay)
        conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" %
                     (len(self.answer), self.answer))

    def next(self, target, timeout=5.0):
        """The next request recorded for `target` (others are skipped); None when none comes in time."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                got = self.got.get(timeout=left)
            except queue.Empty:
                return None
            if got[1] == target:
                return got


class Mirror(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.main = Recorder(b"main answer")
        cls.m1 = Recorder(b"first mirror")
        cls.m2 = Recorder(b"second mirror")
        cls.slow = Recorder(b"slow mirror", delay=SLOW)
        for backend in (cls.main, cls.m1, cls.m2, cls.slow):
            backend.server.__enter__()
        cls.port, cls.down = free_ports(2)  # nothing listens on `down`
        main = f"http://127.0.0.1:{cls.main.server.port}"

        def to(backend):
            return f"http://127.0.0.1:{backend}$request_uri"

        cls.nproxy = Nproxy(http_conf(f"""
            server {{
                listen 127.0.0.1:{cls.port};
                client_body_buffer_size 4k;
                location / {{
                    mirror /m1;
                    mirror /m2;
                    proxy_pass {main};
                }}
                location /nobody/ {{
                    mirror /m1nobody;
                    mirror_request_body off;
                    proxy_pass {main};
                }}
                location /slow/ {{ mirror /mslow; proxy_pass {main}; }}
                location /down/ {{ mirror /mdown; proxy_pass {main}; }}
                location /outer/ {{
                    mirror /m1;
                    proxy_pass {main};
                    location /outer/off/ {{ mirror off; proxy_pass {main}; }}
                }}
                location /tried/ {{
                    root html;
                    mirror /m2;
                    try_files $uri @fallback;
                    location /tried/none/ {{ try_files $uri =404; }}
                }}
                location @fallback {{ proxy_pass {main}; }}
                location = /m1 {{
                    internal;
                    proxy_set_header X-Mirror-Uri $uri;
                    proxy_set_header X-Mirror-Args $args;
                    proxy_pass {to(cls.m1.server.port)};
                }}
                location = /m2 {{ internal; proxy_pass {to(cls.m2.server.port)}; }}
                location = /m1nobody {{
                    internal;
                    proxy_pass_request_body off;
                    proxy_set_header Content-Length "";
                    proxy_pass {to(cls.m1.server.port)};
                }}
                location = /mslow {{ internal; proxy_pass {to(cls.slow.server.port)}; }}
                location = /mdown {{ internal; proxy_pass {to(cls.down)}; }}
            }}"""), [cls.port], files={"html/tried/found": "found file"})
        cls.nproxy.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.nproxy.__exit__(None, None, None)
        for backend in (cls.main, cls.m1, cls.m2, cls.slow):
            backend.server.__exit__(None, None, None)

    def test_each_mirror_gets_the_request_with_its_body(self):
        r = fetch(self.port, "/each?a=1", method="POST", headers=[("X-Test", "yes")], body=b"hello")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, b"main answer")
        for backend in (self.main, self.m1, self.m2):
            method, _, headers, body = backend.next("/each?a=1")
            self.assertEqual(method, "POST")
            self.assertEqual(headers.get("x-test"), "yes")
            self.assertEqual(body, b"hello")

    def test_mirror_variables(self):
        fetch(self.port, "/vars?x=2&y=3")
        _, _, headers, _ = self.m1.next("/vars?x=2&y=3")
        self.assertEqual(headers.get("x-mirror-uri"), "/m1")
        self.assertEqual(headers.get("x-mirror-args"), "x=2&y=3")

    def test_large_body_in_a_file_goes_whole_to_each(self):
        body = bytes(range(256)) * 400  # 100 KiB: kept in a temporary file
        r = fetch(self.port, "/large", method="PUT", body=body)
        self.assertEqual(r.status, 200)
        for backend in (self.main, self.m1, self.m2):
            method, _, _, got = backend.next("/large")
            self.assertEqual(method, "PUT")
            self.assertEqual(got, body)

    def test_mirror_request_body_off(self):
        r = fetch(self.port, "/nobody/x", method="POST", body=b"secret")
        self.assertEqual(r.body, b"main answer")
        _, _, _, main_body = self.main.next("/nobody/x")
        self.assertEqual(main_body, b"secret")
        method, _, headers, body = self.m1.next("/nobody/x")
        self.assertEqual(method, "POST")
        self.assertEqual(body, b"")
        self.assertNotIn("content-length", headers)

    def test_slow_mirror_does_not_delay_the_answer(self):
        with connect(self.port) as sock, sock.makefile("rb") as reader:
            started = time.monotonic()
            sock.sendall(request_bytes("GET", "/slow/a"))
            r = read_response(reader)
            answered = time.monotonic() - started
            self.assertEqual(r.body, b"main answer")
            self.assertLess(answered, SLOW / 2)
            self.assertIsNotNone(self.slow.next("/slow/a"))
            # as nginx: the access log line waits for the mirror
            self.assertNotIn("/slow/a ", self.nproxy.access_log())
            # the connection stays open: its next request is read once the mirror has ended
            sock.sendall(request_bytes("GET", "/slow/b"))
            r = read_response(reader)
            self.assertEqual(r.body, b"main answer")
            self.assertGreater(time.monotonic() - started, SLOW * 0.9)
        self.assertTrue(self.nproxy.wait_for_log("access.log", r'"GET /slow/a HTTP/1.1" 200 ', timeout=SLOW * 3))

    def test_mirror_down_leaves_the_answer(self):
        r = fetch(self.port, "/down/x?q=1")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, b"main answer")
        line = self.nproxy.wait_for_log(
            "error.log",
            r'\[error\] .*connect\(\) failed \(111: Connection refused\) while connecting to upstream, client: '
            r'127\.0\.0\.1, server: , request: "GET /down/x\?q=1 HTTP/1\.1", subrequest: "/mdown", upstream: '
            rf'"http://127\.0\.0\.1:{self.down}/down/x\?q=1", host: "localhost"$')
        self.assertIsNotNone(line, self.nproxy.error_log())
        self.assertTrue(self.nproxy.wait_for_log("access.log", r'"GET /down/x\?q=1 HTTP/1.1" 200 '))

    def test_mirror_off_in_a_nested_location(self):
        r = fetch(self.port, "/outer/on")
        self.assertEqual(r.body, b"main answer")
        self.assertIsNotNone(self.m1.next("/outer/on"))
        r = fetch(self.port, "/outer/off/x")
        self.assertEqual(r.body, b"main answer")
        self.assertIsNotNone(self.main.next("/outer/off/x"))
        self.assertIsNone(self.m1.next("/outer/off/x", timeout=0.5))

    def test_try_files_comes_before_the_mirrors(self):
        # a name that exists keeps the request here: mirrored, then answered with the file
        r = fetch(self.port, "/tried/found?a=1")
        self.assertEqual(r.body, b"found file")
        self.assertIsNotNone(self.m2.next("/tried/found?a=1"))
        # a redirect to a named location and the answer "=404" leave the location before its mirrors
        r = fetch(self.port, "/tried/other")
        self.assertEqual(r.body, b"main answer")
        self.assertIsNotNone(self.main.next("/tried/other"))
        r = fetch(self.port, "/tried/none/x")
        self.assertEqual(r.status, 404)
        self.assertIsNone(self.m2.next("/tried/other", timeout=0.5))
        self.assertIsNone(self.m2.next("/tried/none/x", timeout=0.1))

    def test_keep_alive_after_mirrored_requests(self):
        with connect(self.port) as sock, sock.makefile("rb") as reader:
            for i in range(3):
                sock.sendall(request_bytes("POST", f"/keep/{i}", body=b"body %d" % i))
                r = read_response(reader)
                self.assertEqual(r.status, 200)
                self.assertEqual(r.body, b"main answer")
                self.assertNotEqual((r.header("connection") or "").lower(), "close")
        for i in range(3):
            for backend in (self.m1, self.m2):
                self.assertEqual(backend.next(f"/keep/{i}")[3], b"body %d" % i)


if __name__ == "__main__":
    unittest.main()
