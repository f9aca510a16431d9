"""The gzip filter (gzip on): proxied, static, returned and SSI-processed answers compressed as nginx
does, decompressing to the exact bytes; what keeps an answer uncompressed (type, length, status,
Accept-Encoding, gzip_proxied with Via, gzip_disable, HTTP version); the header it goes with (no length,
weak ETag, Vary, chunked or until close); HEAD; $gzip_ratio; and a large body streamed through bounded
memory.

The expected answers are nginx 1.22.1's (run with NPROXY=/usr/sbin/nginx to check them)."""

import gzip
import socket
import subprocess
import time
import unittest
import zlib

from nproxy_testlib import (SANITIZED, BackgroundServer, Nproxy, connect, exchange, fetch, free_ports,
                            nproxy_binary, read_request, read_response, repeating_backend, request_bytes, worker_pid)
from test_rewrite import server

GZIP = [("Accept-Encoding", "gzip, deflate")]
PAGE = b"<html>" + b"".join(b"<p>line %d of a page that compresses well</p>\n" % i for i in range(300)) + b"</html>"


def gunzip(data):
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)  # the gzip wrapper only
    out = d.decompress(data) + d.flush()
    assert d.eof and not d.unused_data, "an incomplete or padded gzip stream"
    return out


def backend(body=PAGE, headers=b"Content-Type: text/html\r\n", chunked=False):
    """A backend answering every request with `body` and the extra `headers`."""
    def handle(conn, stop):
        with conn.makefile("rb") as reader:
            if read_request(reader) is None:
                return
        if chunked:
            conn.sendall(b"HTTP/1.1 200 OK\r\n%sTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                         b"%x\r\n%s\r\n0\r\n\r\n" % (headers, len(body), body))
        else:
            conn.sendall(b"HTTP/1.1 200 OK\r\n%sContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                         % (headers, len(body), body))
    return handle


def log_line_format():
    return "log_format g '$status $gzip_ratio $body_bytes_sent';"


class Gzip(unittest.TestCase):
    def test_version_claims_the_module(self):
        # nginx-tests run their gzip files (and access_log.t) only for a server whose -V has it
        out = subprocess.run([str(nproxy_binary()), "-V"], capture_output=True, text=True, timeout=10)
        self.assertIn("configure arguments:", out.stderr)
        self.assertNotIn("--without-http_gzip_module", out.stderr)

    def setUp(self):
        self.port, = free_ports(1)

    def serve(self, body, handler=None, *, http_extra="", files=None):
        """Runs nproxy with the server `body` (BACKEND: the backend's port), `handler` as the backend."""
        if handler is None:
            handler = backend()
        b = BackgroundServer(handler)
        b.__enter__()
        self.addCleanup(b.__exit__, None, None, None)
        n = Nproxy(server(self.port, body.replace("BACKEND", str(b.port)), http_extra=http_extra),
                   [self.port], files=files)
        n.__enter__()
        self.addCleanup(n.__exit__, None, None, None)
        return n

    def assert_gzipped(self, r, body, status=200):
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.header("content-encoding"), "gzip", r)
        self.assertIsNone(r.header("content-length"))
        self.assertEqual(gunzip(r.body), body)

    def assert_plain(self, r, body):
        self.assertIsNone(r.header("content-encoding"), r)
        self.assertEqual(r.body, body)

    def test_proxied_answer_is_compressed_with_nginx_header(self):
        self.serve("gzip on; access_log logs/g.log g; location / { proxy_pass http://127.0.0.1:BACKEND; }",
                   backend(headers=b'Content-Type: text/html\r\nETag: "abc"\r\nAccept-Ranges: bytes\r\n'
                                   b"Last-Modified: Thu, 01 Jan 2015 00:00:00 GMT\r\n"),
                   http_extra=log_line_format())
        r = fetch(self.port, "/", headers=GZIP)
        self.assert_gzipped(r, PAGE)
        self.assertEqual(r.header("transfer-encoding"), "chunked")
        self.assertEqual(r.header("etag"), 'W/"abc"')  # as nginx: a compressed answer's ETag is weak
        self.assertEqual(r.header("last-modified"), "Thu, 01 Jan 2015 00:00:00 GMT")
        self.assertIsNone(r.header("accept-ranges"))
        self.assertIsNone(r.header("vary"))  # gzip_vary is off by default
        self.assertEqual([k for k, _ in r.headers][-1], "content-encoding")
        # without Accept-Encoding, the same answer as the backend's
        plain = fetch(self.port, "/")
        self.assert_plain(plain, PAGE)
        self.assertEqual(plain.header("content-length"), str(len(PAGE)))
        self.assertEqual(plain.header("etag"), '"abc"')

    def test_gzip_ratio_is_logged(self):
        n = self.serve("gzip on; access_log logs/g.log g; location / { proxy_pass http://127.0.0.1:BACKEND; }",
                       http_extra=log_line_format())
        r = fetch(self.port, "/", headers=GZIP)
        self.assert_gzipped(r, PAGE)
        fetch(self.port, "/")
        deadline = time.monotonic() + 5
        while len((n.path / "logs/g.log").read_text().splitlines()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        zipped, plain = (n.path / "logs/g.log").read_text().splitlines()
        status, ratio, sent = zipped.split()
        self.assertEqual(status, "200")
        self.assertGreater(float(ratio), 5.0)
        self.assertGreater(int(sent), len(r.body))  # the chunks' framing counts
        self.assertEqual(plain, "200 - %d" % len(PAGE))

    def test_accept_encoding_as_nginx_reads_it(self):
        self.serve("gzip on; location / { proxy_pass http://127.0.0.1:BACKEND; }")
        for ae in ("gzip", "deflate, gzip", "GZIP", "gzip;q=0.5"):
            with self.subTest(ae=ae):
                self.assert_gzipped(fetch(self.port, "/", headers=[("Accept-Encoding", ae)]), PAGE)
        for ae in ("gzip;q=0", "deflate", "x-gzip", "gzip;q=0.000"):
            with self.subTest(ae=ae):
                self.assert_plain(fetch(self.port, "/", headers=[("Accept-Encoding", ae)]), PAGE)

    def test_min_length_applies_to_a_known_length_only(self):
        self.serve(f"""
            gzip on; gzip_min_length {len(PAGE) + 1};
            location /known {{ proxy_pass http://127.0.0.1:BACKEND; }}
            location /equal {{ gzip_min_length {len(PAGE)}; proxy_pass http://127.0.0.1:BACKEND; }}""")
        self.assert_plain(fetch(self.port, "/known", headers=GZIP), PAGE)
        self.assert_gzipped(fetch(self.port, "/equal", headers=GZIP), PAGE)

    def test_min_length_ignores_a_chunked_answer(self):
        self.serve("gzip on; gzip_min_length 1m; location / { proxy_pass http://127.0.0.1:BACKEND; }",
                   backend(chunked=True))
        self.assert_gzipped(fetch(self.port, "/", headers=GZIP), PAGE)

    def test_types(self):
        plain = backend(headers=b"Content-Type: text/plain; charset=utf-8\r\n")
        self.serve("""
            gzip on;
            location /default { proxy_pass http://127.0.0.1:BACKEND; }
            location /listed { gzip_types text/css TEXT/PLAIN; proxy_pass http://127.0.0.1:BACKEND; }
            location /any { gzip_types *; proxy_pass http://127.0.0.1:BACKEND; }""", plain)
        self.assert_plain(fetch(self.port, "/default", headers=GZIP), PAGE)
        self.assert_gzipped(fetch(self.port, "/listed", headers=GZIP), PAGE)
        self.assert_gzipped(fetch(self.port, "/any", headers=GZIP), PAGE)

    def test_encoded_answers_and_other_statuses_pass(self):
        self.serve("""
            gzip on; default_type text/html;
            location /encoded { proxy_pass http://127.0.0.1:BACKEND; }
            location /500 { return 500 "a server error page long enough to be worth compressing"; }
            location /403 { return 403 "a forbidden page long enough to be worth compressing, too"; }""",
                   backend(headers=b"Content-Type: text/html\r\nContent-Encoding: br\r\n"))
        r = fetch(self.port, "/encoded", headers=GZIP)
        self.assertEqual(r.header("content-encoding"), "br")
        self.assertEqual(r.body, PAGE)
        self.assert_plain(fetch(self.port, "/500", headers=GZIP),
                          b"a server error page long enough to be worth compressing")
        self.assert_gzipped(fetch(self.port, "/403", headers=GZIP),
                            b"a forbidden page long enough to be worth compressing, too", 403)
        missing = fetch(self.port, "/nothing-here", headers=GZIP)  # nginx's own 404 page
        self.assertEqual(missing.status, 404)
        self.assertEqual(missing.header("content-encoding"), "gzip")
        self.assertIn(b"404 Not Found", gunzip(missing.body))

    def test_vary(self):
        self.serve("""
            gzip on; gzip_vary on;
            location / { proxy_pass http://127.0.0.1:BACKEND; }
            location /plain { default_type text/plain; return 200 "a text/plain answer that gzip leaves"; }""")
        zipped = fetch(self.port, "/", headers=GZIP)
        self.assert_gzipped(zipped, PAGE)
        names = [k for k, _ in zipped.headers]
        self.assertEqual(zipped.header("vary"), "Accept-Encoding")
        self.assertEqual(names.index("vary"), names.index("connection") + 1)  # where nginx writes it
        # as nginx: also on an answer that could have been compressed for another client
        unzipped = fetch(self.port, "/")
        self.assert_plain(unzipped, PAGE)
        self.assertEqual(unzipped.header("vary"), "Accept-Encoding")
        self.assertEqual(unzipped.header("content-length"), str(len(PAGE)))
        # not on a type gzip is not for
        self.assertIsNone(fetch(self.port, "/plain", headers=GZIP).header("vary"))

    def test_proxied_requests_with_via(self):
        expired = backend(headers=b"Content-Type: text/html\r\nExpires: Thu, 01 Jan 1970 00:00:01 GMT\r\n")
        self.serve("""
            gzip on;
            location /off { proxy_pass http://127.0.0.1:BACKEND; }
            location /any { gzip_proxied any; proxy_pass http://127.0.0.1:BACKEND; }
            location /expired { gzip_proxied expired; proxy_pass http://127.0.0.1:BACKEND; }
            location /no-cache { gzip_proxied no-cache; proxy_pass http://127.0.0.1:BACKEND; }
            location /auth { gzip_proxied auth no_etag; proxy_pass http://127.0.0.1:BACKEND; }""", expired)
        via = GZIP + [("Via", "1.1 proxy")]
        self.assert_gzipped(fetch(self.port, "/off", headers=GZIP), PAGE)  # no Via: not proxied
        self.assert_plain(fetch(self.port, "/off", headers=via), PAGE)
        self.assert_gzipped(fetch(self.port, "/any", headers=via), PAGE)
        self.assert_gzipped(fetch(self.port, "/expired", headers=via), PAGE)
        self.assert_plain(fetch(self.port, "/no-cache", headers=via), PAGE)  # Expires decides alone
        self.assert_plain(fetch(self.port, "/auth", headers=via), PAGE)
        self.assert_gzipped(fetch(self.port, "/auth", headers=via + [("Authorization", "Basic eDp5")]), PAGE)

    def test_proxied_cache_control(self):
        self.serve("""
            gzip on;
            location /no-cache { gzip_proxied no-cache; proxy_pass http://127.0.0.1:BACKEND; }
            location /private { gzip_proxied private no_last_modified; proxy_pass http://127.0.0.1:BACKEND; }""",
                   backend(headers=b"Content-Type: text/html\r\nCache-Control: max-age=0, no-cache\r\n"))
        via = GZIP + [("Via", "1.1 proxy")]
        self.assert_gzipped(fetch(self.port, "/no-cache", headers=via), PAGE)
        self.assert_plain(fetch(self.port, "/private", headers=via), PAGE)

    def test_disable(self):
        self.serve("""
            gzip on;
            location / { gzip_disable msie6 "^curl/"; proxy_pass http://127.0.0.1:BACKEND; }""")
        agent = lambda ua: GZIP + [("User-Agent", ua)]
        self.assert_plain(fetch(self.port, "/", headers=agent("Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)")),
                          PAGE)
        self.assert_gzipped(
            fetch(self.port, "/", headers=agent("Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)")), PAGE)
        self.assert_gzipped(fetch(self.port, "/", headers=agent("Mozilla/5.0 (compatible; MSIE 8.0)")), PAGE)
        self.assert_plain(fetch(self.port, "/", headers=agent("CURL/8.0")), PAGE)  # without case
        self.assert_gzipped(fetch(self.port, "/", headers=agent("wget/1.0")), PAGE)

    def test_head_gets_the_compressed_header_without_body(self):
        self.serve("gzip on; gzip_vary on; location / { proxy_pass http://127.0.0.1:BACKEND; }")
        data = request_bytes("HEAD", "/", headers=GZIP) + request_bytes("GET", "/", headers=GZIP)
        head, get = exchange(self.port, data, count=2, methods=["HEAD", "GET"])
        self.assertEqual(head.status, 200)
        self.assertEqual(head.header("content-encoding"), "gzip")
        self.assertEqual(head.header("vary"), "Accept-Encoding")
        self.assertIsNone(head.header("content-length"))
        self.assertIsNone(head.header("transfer-encoding"))
        self.assertEqual(head.header("connection"), "keep-alive")
        self.assert_gzipped(get, PAGE)  # the connection went on, with no stray body between

    def test_http10_client(self):
        self.serve("""
            gzip on;
            location /default { proxy_pass http://127.0.0.1:BACKEND; }
            location /v10 { gzip_http_version 1.0; proxy_pass http://127.0.0.1:BACKEND; }""")
        for path, zipped in (("/default", False), ("/v10", True)):
            with self.subTest(path=path):
                with connect(self.port) as sock:
                    sock.sendall(request_bytes("GET", path, headers=GZIP + [("Connection", "keep-alive")],
                                               version="HTTP/1.0"))
                    with sock.makefile("rb") as reader:
                        r = read_response(reader)
                if zipped:
                    self.assert_gzipped(r, PAGE)
                    self.assertIsNone(r.header("transfer-encoding"))  # until the connection closes
                    self.assertEqual(r.header("connection"), "close")
                else:
                    self.assert_plain(r, PAGE)
                    self.assertEqual(r.header("connection"), "keep-alive")

    def test_static_return_and_ssi_output(self):
        self.serve("""
            gzip on; root html; default_type text/html;
            location /ret { return 200 "returned text, returned text, returned text"; }
            location /ssi { ssi on; }""", files={
                "html/page.html": PAGE.decode(),
                "html/ssi/page.html": '<p><!--# include virtual="/ssi/part.html" --></p><!--# echo var="uri" -->',
                "html/ssi/part.html": "included part, included part"})
        static = fetch(self.port, "/page.html", headers=GZIP)
        self.assert_gzipped(static, PAGE)
        self.assertTrue(static.header("etag").startswith('W/"'))
        self.assert_gzipped(fetch(self.port, "/ret", headers=GZIP), b"returned text, returned text, returned text")
        ssi = fetch(self.port, "/ssi/page.html", headers=GZIP)
        self.assert_gzipped(ssi, b"<p>included part, included part</p>/ssi/page.html")
        self.assertEqual(ssi.header("transfer-encoding"), "chunked")  # once, not once per filter

    def test_gzip_static_serves_the_gz_file_beside_the_one_asked_for(self):
        packed = gzip.compress(PAGE, mtime=0)
        os_files = {"html/page.html": PAGE.decode(), "html/page.html.gz": packed, "html/dir.html": "plain",
                    "html/dir.html.gz/x": "a folder, not a file", "html/only.html": "no gz beside it"}
        n = self.serve("""
            root html; default_type text/html;
            location / { gzip_static on; gzip_vary on; }
            location /always/ { alias html/; gzip_static always; }
            location /both/ { alias html/; gzip_static on; gzip on; gzip_vary on; gzip_min_length 1; }""",
                       files=os_files)
        r = fetch(self.port, "/page.html", headers=GZIP)
        self.assertEqual((r.status, r.body, r.header("content-encoding")), (200, packed, "gzip"))
        self.assertEqual(r.header("content-length"), str(len(packed)))
        self.assertEqual(r.header("content-type"), "text/html")  # the type of the name asked for
        self.assertEqual(r.header("vary"), "Accept-Encoding")
        self.assertIsNone(r.header("accept-ranges"))  # as nginx 1.22: no ranges of a .gz
        self.assertEqual([k for k, _ in r.headers][-3:], ["vary", "etag", "content-encoding"])
        ranged = fetch(self.port, "/page.html", headers=GZIP + [("Range", "bytes=0-9")])
        self.assertEqual((ranged.status, ranged.body), (200, packed))
        head = fetch(self.port, "/page.html", method="HEAD", headers=GZIP)
        self.assertEqual((head.status, head.body, head.header("content-length")), (200, b"", str(len(packed))))

        # a client that does not take gzip gets the file itself, still with Vary (the answer depends on it)
        for headers in ([], [("Accept-Encoding", "gzip;q=0")], GZIP + [("Via", "1.1 cache")]):
            r = fetch(self.port, "/page.html", headers=headers)
            self.assertEqual((r.status, r.body, r.header("content-encoding")), (200, PAGE, None), headers)
            self.assertEqual(r.header("vary"), "Accept-Encoding")
            self.assertEqual(r.header("accept-ranges"), "bytes")
        # no .gz, or a folder of that name: the file, and Vary only where a .gz name exists
        only = fetch(self.port, "/only.html", headers=GZIP)
        self.assertEqual((only.body, only.header("vary")), (b"no gz beside it", None))
        folder = fetch(self.port, "/dir.html", headers=GZIP)
        self.assertEqual((folder.body, folder.header("vary")), (b"plain", "Accept-Encoding"))

        # always: whatever the client says, and without Vary
        r = fetch(self.port, "/always/page.html")
        self.assertEqual((r.body, r.header("content-encoding"), r.header("vary")), (packed, "gzip", None))
        # with the gzip filter on too: the .gz goes as it is, with one Vary; without gzip, the filter compresses
        r = fetch(self.port, "/both/page.html", headers=GZIP)
        self.assertEqual((r.body, [k for k, _ in r.headers].count("vary")), (packed, 1))
        r = fetch(self.port, "/both/only.html", headers=GZIP)
        self.assertEqual(gunzip(r.body), b"no gz beside it")
        self.assertEqual([k for k, _ in r.headers].count("vary"), 1)
        self.assertEqual(n.process.poll(), None)

    def test_a_body_cut_short_does_not_end_the_stream(self):
        def short(conn, stop):
            with conn.makefile("rb") as reader:
                if read_request(reader) is None:
                    return
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s"
                         % (len(PAGE) * 2, PAGE))
        self.serve("gzip on; location / { proxy_pass http://127.0.0.1:BACKEND; }", short)
        with connect(self.port) as sock:
            sock.sendall(request_bytes("GET", "/", headers=GZIP))
            raw = b""
            while chunk := sock.recv(65536):
                raw += chunk
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertIn(b"Content-Encoding: gzip", head)
        self.assertFalse(body.endswith(b"0\r\n\r\n"), "the last chunk of a body that did not end")
        inflated = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pieces = b""
        while body and not body.startswith(b"0\r\n"):
            size, _, rest = body.partition(b"\r\n")
            pieces += rest[:int(size, 16)]
            body = rest[int(size, 16) + 2:]
        inflated.decompress(pieces)
        self.assertFalse(inflated.eof, "a gzip stream that looks whole")

    @unittest.skipIf(SANITIZED, "a sanitizer's allocator keeps freed memory aside")
    def test_large_body_streams_with_bounded_memory(self):
        piece = b"".join(b"%08d some text that compresses to little\n" % i for i in range(16384))
        count = 96  # about 80 MB through the filter

        n = self.serve("gzip on; location / { proxy_pass http://127.0.0.1:BACKEND; }", repeating_backend(piece, count))
        worker = worker_pid(n)
        with connect(self.port, timeout=60) as sock:
            sock.sendall(request_bytes("GET", "/", headers=GZIP + [("Connection", "close")]))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
            with sock.makefile("rb") as reader:
                r = read_response(reader)
        self.assertEqual(r.header("content-encoding"), "gzip")
        inflated = zlib.decompressobj(16 + zlib.MAX_WBITS)
        total = len(inflated.decompress(r.body)) + len(inflated.flush())
        self.assertTrue(inflated.eof)
        self.assertEqual(total, len(piece) * count)
        with open(f"/proc/{worker}/status") as f:
            peak_kib = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
        self.assertLess(peak_kib, 40 * 1024, "the worker's peak RSS")


if __name__ == "__main__":
    unittest.main()
