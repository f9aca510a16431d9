"""add_trailer over the wire: an HTTP/1.1 answer that a trailer applies to goes chunked and ends with the
trailers (static files, return texts, gzip and SSI output, proxied answers, error pages with `always`);
none for HTTP/1.0, HEAD, 304 or `chunked_transfer_encoding off`; $sent_trailer_NAME.

The expected answers are nginx 1.22.1's (run with NPROXY=/usr/sbin/nginx to check them)."""

import socket
import unittest
import zlib

from nproxy_testlib import BackgroundServer, Nproxy, exchange, free_ports, read_request, request_bytes
from test_rewrite import server


def raw_answer(port, path, *, method="GET", version="HTTP/1.1", headers=()):
    """The whole answer's bytes, the connection closed after it."""
    data = request_bytes(method, path, version=version, headers=[("Connection", "close"), *headers])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    return out


def split(answer):
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.decode(), body


def dechunk(body):
    """(data, trailer lines) of a chunked body."""
    data, at = b"", 0
    while True:
        end = body.index(b"\r\n", at)
        size = int(body[at:end], 16)
        at = end + 2
        if size == 0:
            return data, body[at:].decode().split("\r\n")[:-2]
        data += body[at:at + size]
        at += size + 2


class Trailers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port, = free_ports(1)

        def upstream(conn, stop):
            with conn.makefile("rb") as reader:
                if read_request(reader) is None:
                    return
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nupstream")

        cls.backend = cls.enterClassContext(BackgroundServer(upstream))
        conf = server(cls.port, f"""
        root html;
        add_trailer X-Host $host;
        add_trailer X-Status "$sent_trailer_x_host $status" always;
        add_trailer X-Empty "";
        location /t {{ }}
        location /ret {{ return 200 "returned"; }}
        location /z {{ gzip on; gzip_min_length 1; gzip_types text/plain; }}
        location /s {{ ssi on; }}
        location /p {{ proxy_pass http://127.0.0.1:{cls.backend.port}; add_trailer X-Up $upstream_status; }}
        location /plain {{ chunked_transfer_encoding off; }}""")
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port], files={
            "html/t.txt": "SEE-THIS", "html/z.txt": "zipped " * 20, "html/s.html": 'a<!--# echo var="uri" -->b',
            "html/plain.txt": "PLAIN"}))

    def test_a_static_file_goes_chunked_with_its_trailers(self):
        head, body = split(raw_answer(self.port, "/t.txt"))
        self.assertIn("Transfer-Encoding: chunked", head)
        self.assertNotIn("Content-Length", head)
        self.assertIn("Accept-Ranges: bytes", head)  # the body is the file's, unchanged
        self.assertEqual(dechunk(body), (b"SEE-THIS", ["X-Host: localhost", "X-Status: localhost 200"]))

    def test_return_gzip_ssi_and_proxied_answers(self):
        self.assertEqual(dechunk(split(raw_answer(self.port, "/ret"))[1])[0], b"returned")
        head, body = split(raw_answer(self.port, "/z.txt", headers=[("Accept-Encoding", "gzip")]))
        self.assertIn("Content-Encoding: gzip", head)
        self.assertEqual(head.count("Transfer-Encoding"), 1)
        data, trailers = dechunk(body)
        self.assertEqual(zlib.decompress(data, 16 + zlib.MAX_WBITS), b"zipped " * 20)
        self.assertEqual(trailers, ["X-Host: localhost", "X-Status: localhost 200"])
        self.assertEqual(dechunk(split(raw_answer(self.port, "/s.html"))[1])[0], b"a/s.htmlb")
        data, trailers = dechunk(split(raw_answer(self.port, "/p"))[1])
        self.assertEqual((data, trailers), (b"upstream", ["X-Up: 200"]))  # a level's own list replaces

    def test_always_applies_to_error_pages(self):
        head, body = split(raw_answer(self.port, "/missing"))
        self.assertTrue(head.startswith("HTTP/1.1 404"))
        data, trailers = dechunk(body)
        self.assertIn(b"404 Not Found", data)
        self.assertEqual(trailers, ["X-Status:  404"])  # X-Host is not for a 404: nothing to refer to

    def test_no_trailers_where_nginx_sends_none(self):
        for answer in (raw_answer(self.port, "/t.txt", version="HTTP/1.0"),
                       raw_answer(self.port, "/plain.txt"),
                       raw_answer(self.port, "/t.txt", headers=[("If-None-Match", "*")])):
            head, body = split(answer)
            self.assertNotIn("chunked", head)
            self.assertNotIn(b"X-Host", body)
        head, body = split(raw_answer(self.port, "/t.txt", method="HEAD"))
        self.assertIn("Content-Length: 8", head)
        self.assertEqual(body, b"")

    def test_a_kept_alive_connection_goes_on_after_the_trailers(self):
        answers = exchange(self.port, request_bytes("GET", "/t.txt") + request_bytes("GET", "/ret"), count=2)
        self.assertEqual([a.status for a in answers], [200, 200])
        self.assertEqual(answers[1].body, b"returned")


if __name__ == "__main__":
    unittest.main()
