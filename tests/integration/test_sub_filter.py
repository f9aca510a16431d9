"""The sub filter (sub_filter, sub_filter_once, sub_filter_types, sub_filter_last_modified): matches
replaced in static files, return texts, error pages and proxied answers (from a second server of the same
binary, and from a backend that splits its body between matches); the header a changed answer goes with
(no length, chunked or until close, Last-Modified and ETag); what keeps an answer unchanged (type, empty
body); HEAD; variables in matches and replacements; the filter's place before SSI and gzip; a large body
streamed with matches across the pieces it is read in.

The expected answers are nginx 1.22.1's (run with NPROXY=/usr/sbin/nginx to check them)."""

import subprocess
import unittest
import zlib

from nproxy_testlib import (SANITIZED, BackgroundServer, Nproxy, connect, exchange, fetch, free_ports, http_conf,
                            nproxy_binary, read_request, read_response, repeating_backend, request_bytes,
                            worker_pid)
from test_ssi import html_backend

PATTERN = b"abpatternyz"
# a large body whose matches fall across any piece size: a period prime to every power of two
UNIT = b"0123456789" * 7 + PATTERN + b"ABPATTERNYZ-" + b"x" * 6
LARGE = UNIT * 20000  # about 2 MB


def encoded_backend(conn, stop):
    with conn.makefile("rb") as reader:
        if read_request(reader) is None:
            return
    body = b"foo, but said to be compressed"
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                 b"Accept-Ranges: bytes\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))


class SubFilter(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port, cls.backend_port = free_ports(2)
        split = cls.enterClassContext(BackgroundServer(html_backend(
            [b"<p>one abpat", b"ternyz two abpatt", b"e", b"rnyz three ab", b"patternyz</p>", b"abpattern"],
            delay=0.05)))
        encoded = cls.enterClassContext(BackgroundServer(encoded_backend))
        conf = http_conf(f"""
    types {{ text/html html; text/plain txt; text/css css; }}
    default_type text/plain;
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost;
        root html;
        sub_filter foo bar;
        location / {{ }}
        location /many/ {{ sub_filter_once off; alias html/; }}
        location /lm/ {{ sub_filter_last_modified on; alias html/; }}
        location /types/ {{ sub_filter_types text/plain; alias html/; }}
        location /any/ {{ sub_filter_types *; alias html/; }}
        location /ret {{ sub_filter_types *; sub_filter_once off; return 200 "foo-FOO-fo"; }}
        location /vars {{
            sub_filter_types *;
            sub_filter_once off;
            sub_filter x$arg_a '<$arg_b>';
            sub_filter '$arg_c' '';
            return 200 "xyz-XYZ-abc-x";
        }}
        location /p/ {{ sub_filter_once off; proxy_pass http://127.0.0.1:{cls.backend_port}/; }}
        location /p-lm/ {{ sub_filter_last_modified on; proxy_pass http://127.0.0.1:{cls.backend_port}/; }}
        location /large/ {{
            sub_filter abpatternyz +;
            sub_filter_once off;
            proxy_pass http://127.0.0.1:{cls.backend_port}/;
        }}
        location /split {{
            sub_filter abpatternyz +;
            sub_filter_once off;
            proxy_buffering off;
            proxy_pass http://127.0.0.1:{split.port}/;
        }}
        location /encoded {{ proxy_pass http://127.0.0.1:{encoded.port}/; }}
        location /gzip/ {{
            gzip on;
            gzip_min_length 1;
            sub_filter_once off;
            alias html/;
        }}
        location /ssi/ {{
            ssi on;
            sub_filter notfoo bar;
            sub_filter XECHOX '<!--# echo var="arg_v" -->';
            alias html/;
        }}
        location /missing/ {{ sub_filter "not found" "is missing"; alias html/; }}
    }}
    server {{
        listen 127.0.0.1:{cls.backend_port};
        server_name localhost;
        root html;
    }}""")
        files = {"html/a.html": "foo and FOO and foo", "html/t.txt": "foo txt", "html/c.css": "foo css",
                 "html/empty.html": "", "html/large.html": LARGE,
                 "html/i.html": '<!--#include virtual="/ssi/not.html" --> truncated',
                 "html/not.html": "response is not", "html/e.html": "[XECHOX]"}
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port, cls.backend_port], files=files))

    def test_version_claims_the_module(self):
        # nginx-tests run their sub_filter files only for a server whose -V has it
        out = subprocess.run([str(nproxy_binary()), "-V"], capture_output=True, text=True, timeout=10)
        self.assertIn("--with-http_sub_module", out.stderr)

    def assert_changed(self, r, body):
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body, body)
        self.assertIsNone(r.header("content-length"), r)
        self.assertEqual(r.header("transfer-encoding"), "chunked", r)

    def test_a_static_file_once_and_every_time(self):
        r = fetch(self.port, "/a.html")
        self.assert_changed(r, b"bar and FOO and foo")
        # as nginx: no Last-Modified, no ETag, and no Accept-Ranges without a length
        for name in ("last-modified", "etag", "accept-ranges"):
            self.assertIsNone(r.header(name), r)
        self.assert_changed(fetch(self.port, "/many/a.html"), b"bar and bar and bar")

    def test_sub_filter_last_modified_keeps_them_with_a_weak_etag(self):
        r = fetch(self.port, "/lm/a.html")
        self.assert_changed(r, b"bar and FOO and foo")
        self.assertIsNotNone(r.header("last-modified"))
        self.assertRegex(r.header("etag"), r'^W/"[0-9a-f]+-[0-9a-f]+"$')

    def test_types(self):
        r = fetch(self.port, "/t.txt")  # text/html only, by default
        self.assertEqual((r.header("content-length"), r.body), ("7", b"foo txt"))
        self.assert_changed(fetch(self.port, "/types/t.txt"), b"bar txt")
        self.assertEqual(fetch(self.port, "/types/c.css").body, b"foo css")
        self.assert_changed(fetch(self.port, "/any/c.css"), b"bar css")

    def test_an_empty_body_is_left_alone(self):
        r = fetch(self.port, "/empty.html")
        self.assertEqual((r.status, r.header("content-length"), r.body), (200, "0", b""))
        self.assertIsNotNone(r.header("last-modified"))

    def test_return_texts_and_variables(self):
        self.assert_changed(fetch(self.port, "/ret"), b"bar-bar-fo")
        # the match rendered per request and compared without case; an empty one is left out
        self.assert_changed(fetch(self.port, "/vars?a=YZ&b=r&c=abc"), b"<r>-<r>--x")
        self.assert_changed(fetch(self.port, "/vars?a=y"), b"<>z-<>Z-abc-x")

    def test_error_pages_too(self):
        r = fetch(self.port, "/missing/nothing.html")
        self.assertEqual(r.status, 404)
        self.assertIn(b"<title>404 is missing</title>", r.body)
        self.assertIsNone(r.header("content-length"))

    def test_http_10_client_gets_the_body_until_close(self):
        with connect(self.port) as sock:
            sock.sendall(request_bytes("GET", "/many/a.html", version="HTTP/1.0"))
            with sock.makefile("rb") as reader:
                r = read_response(reader)
        self.assertEqual(r.body, b"bar and bar and bar")
        self.assertIsNone(r.header("content-length"))
        self.assertIsNone(r.header("transfer-encoding"))
        self.assertEqual(r.header("connection"), "close")

    def test_keep_alive_after_a_chunked_answer(self):
        data = request_bytes("GET", "/many/a.html") + request_bytes("GET", "/ret", headers=[("Connection", "close")])
        first, second = exchange(self.port, data, count=2)
        self.assertEqual(first.body, b"bar and bar and bar")
        self.assertEqual(first.header("connection"), "keep-alive")
        self.assertEqual(second.body, b"bar-bar-fo")

    def test_head(self):
        r = fetch(self.port, "/a.html", method="HEAD")
        self.assertEqual((r.status, r.body), (200, b""))
        for name in ("content-length", "transfer-encoding", "last-modified", "etag"):
            self.assertIsNone(r.header(name), r)

    def test_proxied_answers(self):
        r = fetch(self.port, "/p/a.html")
        self.assert_changed(r, b"bar and bar and bar")
        self.assertIsNone(r.header("last-modified"))
        r = fetch(self.port, "/p-lm/a.html")
        self.assert_changed(r, b"bar and FOO and foo")
        self.assertIsNotNone(r.header("last-modified"))
        self.assertTrue(r.header("etag").startswith('W/"'), r)

    def test_an_encoded_answer_is_looked_at_as_any_other(self):
        # as nginx 1.22: Content-Encoding is not among the filter's conditions
        r = fetch(self.port, "/encoded")
        self.assert_changed(r, b"bar, but said to be compressed")
        self.assertEqual(r.header("content-encoding"), "gzip")
        self.assertEqual(r.header("accept-ranges"), "bytes")  # an upstream's stays

    def test_matches_split_between_the_pieces_a_backend_sends(self):
        self.assert_changed(fetch(self.port, "/split"), b"<p>one + two + three +</p>abpattern")

    def test_a_large_body_streamed_through(self):
        r = fetch(self.port, "/large/large.html", timeout=60)
        self.assertIsNone(r.header("content-length"))
        self.assertEqual(len(r.body), len(LARGE) - 2 * 20000 * (len(PATTERN) - 1))
        self.assertEqual(r.body, LARGE.replace(PATTERN, b"+").replace(PATTERN.upper(), b"+"))

    @unittest.skipIf(SANITIZED, "a sanitizer's allocator keeps freed memory aside")
    def test_a_very_large_body_streams_with_bounded_memory(self):
        piece, count = UNIT * 4096, 100  # about 40 MB, its matches across whatever pieces the proxy reads

        port, = free_ports(1)
        with BackgroundServer(repeating_backend(piece, count)) as b, Nproxy(http_conf(f"""
    server {{
        listen 127.0.0.1:{port};
        location / {{ sub_filter_once off; sub_filter abpatternyz +; proxy_pass http://127.0.0.1:{b.port}; }}
    }}"""), [port]) as n:
            worker = worker_pid(n)
            r = fetch(port, "/", timeout=60)
            with open(f"/proc/{worker}/status") as f:
                peak_kib = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
        self.assertEqual(r.header("transfer-encoding"), "chunked")
        expected = piece.replace(PATTERN, b"+").replace(PATTERN.upper(), b"+")
        self.assertEqual(len(r.body), len(expected) * count)
        self.assertTrue(all(r.body[i * len(expected):(i + 1) * len(expected)] == expected for i in range(count)))
        self.assertLess(peak_kib, 40 * 1024, "the worker's peak RSS")

    def test_before_gzip(self):
        r = fetch(self.port, "/gzip/a.html", headers=[("Accept-Encoding", "gzip")])
        self.assertEqual(r.header("content-encoding"), "gzip")
        self.assertEqual(zlib.decompress(r.body, 16 + zlib.MAX_WBITS), b"bar and bar and bar")

    def test_before_ssi(self):
        # an include's answer has its own matches looked for, to its end (sub_filter_ssi.t)
        self.assertEqual(fetch(self.port, "/ssi/i.html").body, b"response is not truncated")
        # a replacement that is an SSI command is run, as the sub filter comes first
        self.assertEqual(fetch(self.port, "/ssi/e.html?v=run").body, b"[run]")


if __name__ == "__main__":
    unittest.main()
