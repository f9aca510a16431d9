"""The charset module: "; charset=NAME" after the Content-Type of static files, return
texts, error pages and proxied answers of the types charset_types lists; none on a 301 or 302; an
upstream's own charset kept unless override_charset; X-Accel-Charset; a charset from a variable, and the
request a variable that is not found ends unanswered; recoding between single-byte charsets.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import unittest

from nproxy_testlib import BackgroundServer, Nproxy, connect, fetch, free_port, http_conf, read_request, request_bytes

# what the backend answers for each path: its header fields and body
BACKEND = {
    "/plain": (b"Content-Type: text/html\r\n", b"ok"),
    "/koi": (b"Content-Type: text/html; charset=koi8-r\r\n", b"ok"),
    "/utf": (b"Content-Type: text/html; charset=\"UTF-8\"\r\n", b"ok"),
    "/json": (b"Content-Type: application/json\r\n", b"ok"),
    "/none": (b"", b"ok"),
    "/accel": (b"Content-Type: image/png\r\nX-Accel-Charset: UTF-8\r\n", b"ok"),
    "/unknown": (b"Content-Type: text/html\r\nX-Accel-Charset: latin1\r\n", b"ok"),
    "/win": (b"Content-Type: text/plain; charset=windows-1251\r\n", b"\xe1\xe2 b"),
}


def backend(conn, stop):
    with conn.makefile("rb") as reader:
        request = read_request(reader)
    if request is None:
        return
    headers, body = BACKEND[request[1]]
    conn.sendall(b"HTTP/1.1 200 OK\r\n%sContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                 % (headers, len(body), body))


class Charset(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        b = cls.enterClassContext(BackgroundServer(backend))
        up = f"http://127.0.0.1:{b.port}/"
        conf = http_conf(f"""
    types {{ text/html html; text/plain txt; image/png png; }}
    charset_map koi8-r windows-1251 {{ C1 E1; C2 E2; }}
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost;
        root html;
        location / {{ charset utf-8; }}
        location /text {{ charset utf-8; return 200 "text"; }}
        location /found {{ charset UTF-8; return 302 /x; }}
        location /other {{ charset utf-8; return 303 /x; }}
        location /var {{ charset $arg_c; return 200 "v"; }}
        location /p/ {{ charset utf-8; proxy_pass {up}; }}
        location /o/ {{ charset utf-8; override_charset on; proxy_pass {up}; }}
        location /json/ {{ charset utf-8; charset_types application/json; proxy_pass {up}; }}
        location /off/ {{ proxy_pass {up}; }}
        location /ignored/ {{ proxy_ignore_headers X-Accel-Charset; proxy_pass {up}; }}
        location /k/ {{ charset windows-1251; source_charset koi8-r; alias html/; }}
        location /w/ {{ charset koi8-r; override_charset on; proxy_pass {up}; }}
        location /ssi/ {{ charset windows-1251; source_charset koi8-r; ssi on; alias html/; }}
        location /src/ {{ source_charset koi8-r; alias html/; }}
    }}""")
        files = {"html/a.html": "<p>a</p>", "html/b.png": "png", "html/c.txt": "c", "html/k.html": b"\xc1\xc2 \xc3k",
                 "html/i.html": b'\xc1<!--# include virtual="/src/k.html" -->.'}
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port], files=files))

    def content_type(self, path):
        response = fetch(self.port, path)
        return response.status, response.header("content-type")

    def test_static_files_of_the_listed_types(self):
        self.assertEqual(self.content_type("/a.html"), (200, "text/html; charset=utf-8"))
        self.assertEqual(self.content_type("/c.txt"), (200, "text/plain; charset=utf-8"))
        self.assertEqual(self.content_type("/b.png"), (200, "image/png"))

    def test_return_texts_and_error_pages(self):
        self.assertEqual(self.content_type("/text"), (200, "text/plain; charset=utf-8"))
        self.assertEqual(self.content_type("/missing.html"), (404, "text/html; charset=utf-8"))
        # as nginx: never on a 301 or 302, on other redirects as on any page
        self.assertEqual(self.content_type("/found"), (302, "text/html"))
        self.assertEqual(self.content_type("/other"), (303, "text/html; charset=utf-8"))

    def test_a_charset_from_a_variable(self):
        self.assertEqual(self.content_type("/var?c=koi8-r"), (200, "text/plain; charset=koi8-r"))
        self.assertEqual(self.content_type("/var?c="), (200, "text/plain"))
        # not found: as nginx, the connection closes without an answer
        with connect(self.port) as sock:
            sock.sendall(request_bytes("GET", "/var", headers=[("Connection", "close")]))
            self.assertEqual(sock.recv(1024), b"")

    def test_proxied_answers_without_and_with_a_charset(self):
        self.assertEqual(self.content_type("/p/plain"), (200, "text/html; charset=utf-8"))
        self.assertEqual(self.content_type("/p/koi"), (200, "text/html; charset=koi8-r"))  # the upstream's stays
        self.assertEqual(self.content_type("/p/json"), (200, "application/json"))
        self.assertEqual(self.content_type("/p/none"), (200, None))
        self.assertEqual(self.content_type("/json/json"), (200, "application/json; charset=utf-8"))

    def test_override_charset(self):
        # the same charset written the configuration's way; another one would need recoding
        self.assertEqual(self.content_type("/o/utf"), (200, "text/html; charset=utf-8"))
        self.assertEqual(self.content_type("/o/koi"), (200, "text/html; charset=koi8-r"))
        self.assertIsNotNone(self.nproxy.wait_for_log(
            "error.log", r'\[error\] .*no "charset_map" between the charsets "koi8-r" and "utf-8" while reading '
                         r'response header from upstream'))

    def test_x_accel_charset(self):
        response = fetch(self.port, "/off/accel")
        self.assertEqual(response.header("content-type"), "image/png; charset=UTF-8")
        self.assertIsNone(response.header("x-accel-charset"))
        self.assertEqual(self.content_type("/ignored/accel"), (200, "image/png"))
        self.assertEqual(self.content_type("/off/unknown"), (200, "text/html"))
        self.assertIsNotNone(self.nproxy.wait_for_log(
            "error.log", r'\[error\] .*unknown charset "latin1" to override'))

    def test_recoding_between_single_byte_charsets(self):
        # bytes the map does not name become '?' from 128 on; the length stays
        response = fetch(self.port, "/k/k.html")
        self.assertEqual(response.header("content-type"), "text/html; charset=windows-1251")
        self.assertEqual((response.header("content-length"), response.body), ("5", b"\xe1\xe2 ?k"))
        # the other way, from an upstream's charset, with override_charset
        response = fetch(self.port, "/w/win")
        self.assertEqual(response.header("content-type"), "text/plain; charset=koi8-r")
        self.assertEqual(response.body, b"\xc1\xc2 b")

    def test_an_ssi_include_is_recoded_into_the_main_requests_charset(self):
        self.assertEqual(fetch(self.port, "/src/k.html").body, b"\xc1\xc2 \xc3k")  # no charset there: as it is
        response = fetch(self.port, "/ssi/i.html")
        self.assertEqual(response.header("content-type"), "text/html; charset=windows-1251")
        self.assertEqual(response.body, b"\xe1\xe1\xe2 ?k.")


if __name__ == "__main__":
    unittest.main()
