"""Conditional requests, as nginx's not_modified filter: a static file's 200 becomes a 304 when
If-Modified-Since names its time (exactly, or "before" it with if_modified_since before; never with off) or
If-None-Match names its ETag (weak or not, or "*"), and a 412 when If-Unmodified-Since is older than it or
not a date, or If-Match names another ETag; a "return 200" text, which has neither, is checked the same;
a proxied answer is not checked (nginx checks it only with a cache).

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import os
import unittest
from email.utils import formatdate

from nproxy_testlib import Nproxy, connect, exchange, fetch, free_ports, http_conf, read_response

MTIME = 1700000000  # Tue, 14 Nov 2023 22:13:20 GMT


class NotModified(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port, backend = free_ports(2)
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{backend};
        location / {{ return 200 "backend"; }}
    }}
    server {{
        listen 127.0.0.1:{cls.port};
        root html;
        location /before/ {{ if_modified_since before; }}
        location /off/ {{ if_modified_since off; }}
        location /text {{ return 200 "text"; }}
        location /proxied {{ proxy_pass http://127.0.0.1:{backend}; proxy_set_header If-Match ""; }}
    }}""")
        files = {name: "0123456789" for name in ["html/f", "html/before/f", "html/off/f"]}
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port, backend], files=files))
        for name in files:
            os.utime(cls.nproxy.path / name, (MTIME, MTIME))
        cls.etag = '"%x-a"' % MTIME

    def get(self, path, **headers):
        return fetch(self.port, path, headers=[(k.replace("_", "-"), v) for k, v in headers.items()])

    def test_if_modified_since(self):
        same = formatdate(MTIME, usegmt=True)
        response = self.get("/f", If_Modified_Since=same)
        self.assertEqual(response.status, 304)
        self.assertEqual(response.body, b"")
        self.assertEqual(response.header("last-modified"), same)
        self.assertEqual(response.header("etag"), self.etag)
        for name in ["content-length", "content-type", "accept-ranges"]:
            self.assertIsNone(response.header(name), name)
        older, newer = formatdate(MTIME - 60, usegmt=True), formatdate(MTIME + 60, usegmt=True)
        self.assertEqual(self.get("/f", If_Modified_Since=older).status, 200)
        self.assertEqual(self.get("/f", If_Modified_Since=newer).status, 200)  # exact: only the same time
        self.assertEqual(self.get("/before/f", If_Modified_Since=newer).status, 304)
        self.assertEqual(self.get("/before/f", If_Modified_Since=older).status, 200)
        self.assertEqual(self.get("/off/f", If_Modified_Since=same).status, 200)
        # the other date forms nginx reads, and one it does not
        self.assertEqual(self.get("/f", If_Modified_Since="Tuesday, 14-Nov-23 22:13:20 GMT").status, 304)
        self.assertEqual(self.get("/f", If_Modified_Since="Tue Nov 14 22:13:20 2023").status, 304)
        self.assertEqual(self.get("/f", If_Modified_Since="yesterday").status, 200)

    def test_if_none_match(self):
        self.assertEqual(self.get("/f", If_None_Match=self.etag).status, 304)
        self.assertEqual(self.get("/f", If_None_Match='"x", W/' + self.etag).status, 304)
        self.assertEqual(self.get("/f", If_None_Match="*").status, 304)
        self.assertEqual(self.get("/f", If_None_Match='"x"').status, 200)
        # both: a date that does not match sends the file whatever the ETag says
        older = formatdate(MTIME - 60, usegmt=True)
        self.assertEqual(self.get("/f", If_Modified_Since=older, If_None_Match=self.etag).status, 200)

    def test_preconditions_that_fail(self):
        self.assertEqual(self.get("/f", If_Match='"x"').status, 412)
        self.assertEqual(self.get("/f", If_Match="W/" + self.etag).status, 412)  # If-Match is strong
        self.assertEqual(self.get("/f", If_Match=self.etag).status, 200)
        self.assertEqual(self.get("/f", If_Match="*").status, 200)
        self.assertEqual(self.get("/f", If_Unmodified_Since=formatdate(MTIME - 60, usegmt=True)).status, 412)
        self.assertEqual(self.get("/f", If_Unmodified_Since=formatdate(MTIME, usegmt=True)).status, 200)
        self.assertEqual(self.get("/f", If_Unmodified_Since="not a date").status, 412)
        self.assertIn(b"412 Precondition Failed", self.get("/f", If_Match='"x"').body)

    def test_a_412_ends_the_connection(self):
        # as nginx, whose not_modified filter ends the request as an error: the 412 goes out announcing
        # keep-alive, and the connection closes after it; a request after it is not read
        for path in ["/f", "/text"]:
            with self.subTest(path=path):
                first = f"GET {path} HTTP/1.1\r\nHost: a\r\nIf-Match: \"x\"\r\n\r\n".encode()
                second = b"GET /f HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                with connect(self.port) as sock:
                    sock.sendall(first + second)
                    with sock.makefile("rb") as reader:
                        response = read_response(reader)
                        self.assertEqual((response.status, response.header("connection")), (412, "keep-alive"))
                        self.assertEqual(reader.read(), b"")
        # a 304 keeps the connection
        since = formatdate(MTIME, usegmt=True)
        data = f"GET /f HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: {since}\r\n\r\n".encode()
        self.assertEqual([r.status for r in exchange(self.port, data + data, count=2)], [304, 304])

    def test_a_text_has_no_time_nor_etag(self):
        self.assertEqual(self.get("/text", If_Modified_Since=formatdate(MTIME, usegmt=True)).status, 200)
        self.assertEqual(self.get("/text", If_None_Match='"x"').status, 200)
        self.assertEqual(self.get("/text", If_None_Match="*").status, 304)
        self.assertEqual(self.get("/text", If_Match='"x"').status, 412)
        self.assertEqual(self.get("/text", If_Match="*").status, 200)

    def test_a_proxied_answer_is_not_checked(self):
        response = self.get("/proxied", If_Match='"x"')
        self.assertEqual((response.status, response.body), (200, b"backend"))


if __name__ == "__main__":
    unittest.main()
