"""nproxy serving HTTP itself: return, static files, server and location selection, HTTP/1.x connection
handling and the access log. Each test runs its own nproxy on free loopback ports.

The expected answers are nginx 1.22.1's; running a file with NPROXY=/usr/sbin/nginx checks them against
nginx (by hand; no test depends on nginx)."""

import hashlib
import os
import re
import signal
import socket
import time
import unittest

from nproxy_testlib import (Nproxy, connect, error_page, exchange, fetch, free_port, free_ports, http_conf,
                            read_response, request_bytes)


def simple(port, body, *, server_extra=""):
    """A configuration with one server on 127.0.0.1:port (server_name localhost) holding `body`."""
    return http_conf(f"""
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        {server_extra}
        {body}
    }}""")


class Return(unittest.TestCase):
    def setUp(self):
        self.port = free_port()

    def test_text_with_variables(self):
        conf = simple(self.port, r'''
        location /t {
            return 200 "m=$request_method uri=$uri args=$args a=$arg_a host=$host ru=$request_uri s=$scheme p=$server_port ra=$remote_addr\n";
        }''')
        with Nproxy(conf, [self.port]):
            r = fetch(self.port, "/t/x?a=1&b=2", host="LocalHost:999")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("content-type"), "text/plain")
        self.assertEqual(r.text, f"m=GET uri=/t/x args=a=1&b=2 a=1 host=localhost ru=/t/x?a=1&b=2 s=http "
                                 f"p={self.port} ra=127.0.0.1\n")
        self.assertEqual(r.header("content-length"), str(len(r.body)))

    def test_server_name_variable(self):
        conf = http_conf(f"""
        server {{ listen 127.0.0.1:{self.port}; server_name first.example.com second; return 200 "[$server_name]"; }}""")
        with Nproxy(conf, [self.port]):
            r = fetch(self.port, "/", host="second")
        self.assertEqual((r.status, r.text), (200, "[first.example.com]"))

    def test_444_closes_without_an_answer(self):
        conf = simple(self.port, "location /drop { return 444; }")
        with Nproxy(conf, [self.port]) as n:
            with connect(self.port) as sock:
                sock.sendall(request_bytes("GET", "/drop"))
                self.assertEqual(sock.recv(1024), b"")
            logged = n.wait_for_log("access.log", r'"GET /drop HTTP/1\.1" 444 0 ')
        self.assertIsNotNone(logged)

    def test_text_uses_default_type_and_any_code(self):
        conf = simple(self.port, '''
        location /gone { default_type application/json; return 410 '{"gone":true}'; }''')
        with Nproxy(conf, [self.port]):
            r = fetch(self.port, "/gone")
        self.assertEqual((r.status, r.header("content-type"), r.body), (410, "application/json", b'{"gone":true}'))

    def test_redirects_get_an_absolute_location(self):
        conf = simple(self.port, '''
        location = /rel { return 302 /elsewhere?x=1; }
        location = /abs { return 301 https://example.org/x; }
        location = /perm { return 308 /p; }
        location = /temp { return 307 $scheme://other.example$request_uri; }
        location = /off { absolute_redirect off; return 302 /relative; }''')
        with Nproxy(conf, [self.port]):
            answers = {path: fetch(self.port, path) for path in ("/rel", "/abs", "/perm", "/temp", "/off")}
        expected = {
            "/rel": (302, "Moved Temporarily", f"http://localhost:{self.port}/elsewhere?x=1", "302 Found"),
            "/abs": (301, "Moved Permanently", "https://example.org/x", "301 Moved Permanently"),
            "/perm": (308, "Permanent Redirect", f"http://localhost:{self.port}/p", "308 Permanent Redirect"),
            "/temp": (307, "Temporary Redirect", "http://other.example/temp", "307 Temporary Redirect"),
            "/off": (302, "Moved Temporarily", "/relative", "302 Found"),
        }
        for path, (status, reason, location, title) in expected.items():
            with self.subTest(path=path):
                r = answers[path]
                self.assertEqual((r.status, r.reason, r.header("location")), (status, reason, location))
                self.assertEqual(r.header("content-type"), "text/html")
                self.assertEqual(r.body, error_page(title, r.header("server")))

    def test_codes_without_text_send_nginx_error_pages(self):
        conf = simple(self.port, '''
        location = /403 { return 403; }
        location = /404 { return 404; }
        location = /500 { return 500; }
        location = /503 { return 503; }
        location = /418 { return 418; }
        location = /204 { return 204; }''')
        with Nproxy(conf, [self.port]):
            answers = {code: fetch(self.port, f"/{code}") for code in (403, 404, 500, 503, 418, 204)}
        titles = {403: "403 Forbidden", 404: "404 Not Found", 500: "500 Internal Server Error",
                  503: "503 Service Temporarily Unavailable"}
        for code, title in titles.items():
            with self.subTest(code=code):
                r = answers[code]
                self.assertEqual(r.status, code)
                self.assertEqual(f"{r.status} {r.reason}", title)
                self.assertEqual(r.header("content-type"), "text/html")
                self.assertEqual(r.body, error_page(title, r.header("server")))
                self.assertRegex(r.header("server"), r"^\S+/\d+\.\d+\.\d+$")
        # nginx has no page (and no reason phrase) for 418, and 204 has no body at all
        self.assertEqual((answers[418].status, answers[418].body, answers[418].header("content-length")), (418, b"", "0"))
        self.assertEqual((answers[204].status, answers[204].body), (204, b""))

    def test_server_tokens_off_signs_pages_without_version(self):
        conf = simple(self.port, "location / { return 404; }", server_extra="server_tokens off;")
        with Nproxy(conf, [self.port]):
            r = fetch(self.port, "/")
        self.assertRegex(r.header("server"), r"^[a-z]+$")
        self.assertEqual(r.body, error_page("404 Not Found", r.header("server")))


class Static(unittest.TestCase):
    def setUp(self):
        self.port = free_port()
        self.big = os.urandom(5 * 1024 * 1024 + 123)
        self.files = {
            "html/index.html": "<h1>index</h1>\n",
            "html/style.css": "body { color: red }\n",
            "html/data.json": '{"a": 1}\n',
            "html/blob.unknownext": "??",
            "html/big.bin": self.big,
            "html/sub/index.html": "sub index\n",
            "html/noindex/file.txt": "x\n",
            "html/errors/404.html": "custom not found\n",
        }
        self.conf = simple(self.port, '''
        root html;
        index index.html;
        types { text/html html; text/css css; application/json json; text/plain txt; }
        default_type application/octet-stream;
        location / { }''')

    def test_server_without_locations_serves_its_root(self):
        # nginx serves a URI that no location matches with the server level's settings
        conf = simple(self.port, "root html; types { text/css css; }")
        with Nproxy(conf, [self.port], files=self.files):
            r = fetch(self.port, "/style.css")
            missing = fetch(self.port, "/nothing-here")
        self.assertEqual((r.status, r.header("content-type"), r.body), (200, "text/css", b"body { color: red }\n"))
        self.assertEqual(missing.status, 404)

    def test_index_and_types(self):
        with Nproxy(self.conf, [self.port], files=self.files):
            cases = {"/": (200, "text/html", b"<h1>index</h1>\n"),
                     "/sub/": (200, "text/html", b"sub index\n"),
                     "/style.css": (200, "text/css", b"body { color: red }\n"),
                     "/data.json": (200, "application/json", b'{"a": 1}\n'),
                     "/blob.unknownext": (200, "application/octet-stream", b"??"),
                     "/noindex/file.txt": (200, "text/plain", b"x\n")}
            for path, expected in cases.items():
                with self.subTest(path=path):
                    r = fetch(self.port, path)
                    self.assertEqual((r.status, r.header("content-type"), r.body), expected)
                    self.assertEqual(r.header("content-length"), str(len(expected[2])))
                    self.assertIsNotNone(r.header("last-modified"))
                    self.assertRegex(r.header("etag", ""), r'^"[0-9a-f]+-[0-9a-f]+"$')

    def test_head_sends_the_header_only(self):
        with Nproxy(self.conf, [self.port], files=self.files):
            r = fetch(self.port, "/style.css", method="HEAD")
        self.assertEqual((r.status, r.header("content-length"), r.body), (200, "20", b""))

    def test_missing_file_is_404_with_nginx_page_and_error_log(self):
        with Nproxy(self.conf, [self.port], files=self.files) as n:
            r = fetch(self.port, "/nope.html")
            logged = n.wait_for_log("error.log", r'\[error\] .*open\(\) ".*/html/nope.html" failed '
                                                 r'\(2: No such file or directory\)')
        self.assertEqual(r.status, 404)
        self.assertEqual(r.body, error_page("404 Not Found", r.header("server")))
        self.assertIsNotNone(logged)

    def test_error_page_serves_custom_404(self):
        conf = simple(self.port, '''
        root html;
        location /custom/ { error_page 404 /errors/404.html; }''')
        with Nproxy(conf, [self.port], files=self.files):
            r = fetch(self.port, "/custom/missing")
        self.assertEqual((r.status, r.header("content-type"), r.body), (404, "text/html", b"custom not found\n"))

    def test_directory_without_index_is_403(self):
        with Nproxy(self.conf, [self.port], files=self.files) as n:
            r = fetch(self.port, "/noindex/")
            logged = n.wait_for_log("error.log", r'directory index of ".*/html/noindex/" is forbidden')
        self.assertEqual(r.status, 403)
        self.assertIsNotNone(logged)

    def test_directory_without_slash_is_301_to_absolute_url(self):
        with Nproxy(self.conf, [self.port], files=self.files):
            r = fetch(self.port, "/sub?q=1")
        self.assertEqual(r.status, 301)
        self.assertEqual(r.body, error_page("301 Moved Permanently", r.header("server")))
        self.assertEqual(r.header("location"), f"http://localhost:{self.port}/sub/?q=1")

    def test_redirect_host_is_the_valid_host_or_server_name_or_local_address(self):
        files = {**self.files, "html/a dir/x": "x"}
        conf = simple(self.port, '''
        root html;
        location / { }
        location /named/ { server_name_in_redirect on; return 301 /elsewhere; }''')
        with Nproxy(conf, [self.port], files=files):
            escaped = fetch(self.port, "/a%20dir?q=1")
            named = fetch(self.port, "/named/", host="other.example")
            hostless = exchange(self.port, b"GET /sub HTTP/1.0\r\n\r\n")[0]
        self.assertEqual(escaped.header("location"), f"http://localhost:{self.port}/a%20dir/?q=1")
        self.assertEqual(named.header("location"), f"http://localhost:{self.port}/elsewhere")
        self.assertEqual(hostless.header("location"), f"http://127.0.0.1:{self.port}/sub/")

    def test_directory_without_slash_is_301(self):
        with Nproxy(self.conf, [self.port], files=self.files):
            r = fetch(self.port, "/sub")
        self.assertEqual(r.status, 301)
        self.assertTrue(r.header("location", "").endswith("/sub/"), r)

    def test_5mb_file_streamed_intact(self):
        with Nproxy(self.conf, [self.port], files=self.files):
            r = fetch(self.port, "/big.bin", timeout=30)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("content-length"), str(len(self.big)))
        self.assertEqual(len(r.body), len(self.big))
        self.assertEqual(hashlib.sha256(r.body).hexdigest(), hashlib.sha256(self.big).hexdigest())

    def test_post_to_static_is_405(self):
        with Nproxy(self.conf, [self.port], files=self.files):
            r = fetch(self.port, "/index.html", method="POST", body=b"x")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.body, error_page("405 Not Allowed", r.header("server")))


class ServerSelection(unittest.TestCase):
    def test_by_host(self):
        port, other = free_port(), free_port()
        conf = http_conf(f"""
        server {{ listen 127.0.0.1:{port}; server_name first.example.com; return 200 "first\\n"; }}
        server {{ listen 127.0.0.1:{port} default_server; server_name _; return 200 "default\\n"; }}
        server {{ listen 127.0.0.1:{port}; server_name exact.example.com alias.example.com; return 200 "exact\\n"; }}
        server {{ listen 127.0.0.1:{port}; server_name *.wild.example.com; return 200 "front-wildcard\\n"; }}
        server {{ listen 127.0.0.1:{port}; server_name x.wild.example.com; return 200 "exact-over-wildcard\\n"; }}
        server {{ listen 127.0.0.1:{port}; server_name www.back.*; return 200 "back-wildcard\\n"; }}
        server {{ listen 127.0.0.1:{port}; server_name ~^re[0-9]+\\.example\\.com$; return 200 "regex\\n"; }}
        server {{ listen 127.0.0.1:{port}; server_name ~^(.+)\\.wild\\.example\\.com$; return 200 "regex-loses\\n"; }}
        server {{ listen 127.0.0.1:{other}; server_name a.example.com; return 200 "other-first\\n"; }}
        server {{ listen 127.0.0.1:{other}; server_name b.example.com; return 200 "other-b\\n"; }}
        """)
        cases = [
            (port, "exact.example.com", "exact"),
            (port, "alias.example.com", "exact"),
            (port, "EXACT.Example.COM:8080", "exact"),
            (port, "exact.example.com.", "exact"),
            (port, "a.wild.example.com", "front-wildcard"),
            (port, "a.b.wild.example.com", "front-wildcard"),
            (port, "x.wild.example.com", "exact-over-wildcard"),
            (port, "www.back.org", "back-wildcard"),
            (port, "re42.example.com", "regex"),
            (port, "unknown.example.com", "default"),
            (port, "first.example.com", "first"),
            (other, "b.example.com", "other-b"),
            (other, "unknown.example.com", "other-first"),
        ]
        with Nproxy(conf, [port, other]):
            for p, host, expected in cases:
                with self.subTest(port=p, host=host):
                    r = fetch(p, "/", host=host)
                    self.assertEqual((r.status, r.text), (200, expected + "\n"))
            # HTTP/1.0 without Host goes to the default server
            r = exchange(port, b"GET / HTTP/1.0\r\n\r\n")[0]
            self.assertEqual((r.status, r.text), (200, "default\n"))


    # BUG nproxy-server-name-captures: nproxy refuses to start with `unknown "num" variable` when a
    # server_name regex names a capture (?<num>...) and the server uses $num; nginx makes it a variable.
    def test_regex_name_capture_is_a_variable(self):
        port = free_port()
        conf = http_conf(f"""
        server {{ listen 127.0.0.1:{port}; server_name ~^re(?<num>[0-9]+)\\.example\\.com$; return 200 "regex $num\\n"; }}""")
        with Nproxy(conf, [port]):
            r = fetch(port, "/", host="re42.example.com")
        self.assertEqual((r.status, r.text), (200, "regex 42\n"))


class LocationSelection(unittest.TestCase):
    def test_table(self):
        port = free_port()
        conf = simple(port, r'''
        location = / { return 200 "A exact root\n"; }
        location / { return 200 "B prefix root\n"; }
        location /documents/ { return 200 "C documents\n"; }
        location /documents/deep/ { return 200 "C2 longer prefix\n"; }
        location ^~ /images/ { return 200 "D images stop\n"; }
        location /images/big/ { return 200 "F longer plain prefix\n"; }
        location ~* \.(gif|jpg|jpeg)$ { return 200 "E regex image\n"; }
        location ~ ^/r/ { return 200 "R1 first regex\n"; }
        location ~ ^/r/x { return 200 "R2 second regex\n"; }
        location = /exact { return 200 "X exact\n"; }
        location /exact { return 200 "Y prefix of exact\n"; }
        location /n/ {
            location ~ \.txt$ { return 200 "N nested regex\n"; }
            location /n/inner/ { return 200 "N nested prefix\n"; }
            return 200 "N outer\n";
        }
        location ~ \.txt$ { return 200 "T outer regex\n"; }
        location ~ /CaSe$ { return 200 "S case-sensitive regex\n"; }''')
        cases = {
            "/": "A exact root",
            "/index.html": "B prefix root",
            "/documents/document.html": "C documents",
            "/documents/deep/x": "C2 longer prefix",
            "/images/1.gif": "D images stop",
            "/images/big/1.gif": "E regex image",
            "/images/big/x": "F longer plain prefix",
            "/documents/1.JPG": "E regex image",
            "/r/x": "R1 first regex",
            "/exact": "X exact",
            "/exactly": "Y prefix of exact",
            "/exact/": "Y prefix of exact",
            "/n/a.txt": "N nested regex",
            "/n/inner/x": "N nested prefix",
            "/n/other": "N outer",
            "/x/a.txt": "T outer regex",
            "/x/CaSe": "S case-sensitive regex",
            "/x/case": "B prefix root",
            "/documents/../images/a.gif": "D images stop",
            "/%64ocuments/x": "C documents",
        }
        with Nproxy(conf, [port]):
            for path, expected in cases.items():
                with self.subTest(path=path):
                    r = fetch(port, path)
                    self.assertEqual((r.status, r.text), (200, expected + "\n"))


class Connections(unittest.TestCase):
    def setUp(self):
        self.port = free_port()
        self.conf = simple(self.port, r'''
        location / { return 200 "$request_method $request_uri $server_protocol\n"; }''')

    def test_keep_alive_two_requests_on_one_connection(self):
        with Nproxy(self.conf, [self.port]):
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock, sock.makefile("rb") as reader:
                sock.sendall(request_bytes("GET", "/one"))
                first = read_response(reader)
                sock.sendall(request_bytes("GET", "/two", headers=[("Connection", "close")]))
                second = read_response(reader)
                rest = reader.read()  # the server closes after Connection: close
        self.assertEqual((first.status, first.text, first.header("connection")), (200, "GET /one HTTP/1.1\n", "keep-alive"))
        self.assertEqual((second.status, second.text, second.header("connection")), (200, "GET /two HTTP/1.1\n", "close"))
        self.assertEqual(rest, b"")

    def test_pipelined_requests_answered_in_order(self):
        data = (request_bytes("GET", "/first") + request_bytes("HEAD", "/second") +
                request_bytes("GET", "/third", headers=[("Connection", "close")]))
        with Nproxy(self.conf, [self.port]):
            answers = exchange(self.port, data, count=3, methods=["GET", "HEAD", "GET"])
        self.assertEqual([(r.status, r.text) for r in answers],
                         [(200, "GET /first HTTP/1.1\n"), (200, ""), (200, "GET /third HTTP/1.1\n")])
        self.assertEqual(answers[1].header("content-length"), str(len("HEAD /second HTTP/1.1\n")))

    def test_http_1_0_answered_with_1_1_status_line(self):
        with Nproxy(self.conf, [self.port]):
            r = exchange(self.port, b"GET /old HTTP/1.0\r\nHost: localhost\r\n\r\n")[0]
        self.assertEqual((r.version, r.status), ("HTTP/1.1", 200))

    def test_http_1_0_closes(self):
        with Nproxy(self.conf, [self.port]):
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock, sock.makefile("rb") as reader:
                sock.sendall(b"GET /old HTTP/1.0\r\nHost: localhost\r\n\r\n")
                r = read_response(reader)
                rest = reader.read()
        self.assertEqual((r.status, r.text), (200, "GET /old HTTP/1.0\n"))
        self.assertEqual(r.header("connection"), "close")
        self.assertEqual(rest, b"")

    def test_http_1_0_keep_alive_when_asked(self):
        with Nproxy(self.conf, [self.port]):
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock, sock.makefile("rb") as reader:
                sock.sendall(b"GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                first = read_response(reader)
                sock.sendall(b"GET /b HTTP/1.0\r\n\r\n")
                second = read_response(reader)
        self.assertEqual((first.status, first.header("connection"), first.text), (200, "keep-alive", "GET /a HTTP/1.0\n"))
        self.assertEqual((second.status, second.header("connection"), second.text), (200, "close", "GET /b HTTP/1.0\n"))

    def post_expecting_continue(self, expect, body):
        """POSTs `body` after reading the interim answer to "Expect: `expect`": (interim bytes, response)."""
        with Nproxy(self.conf, [self.port]):
            with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock, sock.makefile("rb") as reader:
                sock.sendall(request_bytes("POST", "/upload", headers=[("Content-Length", str(len(body))),
                                                                       ("Expect", expect), ("Connection", "close")]))
                interim = reader.readline() + reader.readline()
                sock.sendall(body)
                return interim, read_response(reader)

    def test_expect_100_continue(self):
        interim, r = self.post_expecting_continue("100-continue", b"hello")
        self.assertEqual(interim, b"HTTP/1.1 100 Continue\r\n\r\n")
        self.assertEqual((r.status, r.text), (200, "POST /upload HTTP/1.1\n"))

    def test_expect_100_continue_with_an_empty_body(self):
        interim, r = self.post_expecting_continue("100-Continue", b"")
        # as nginx: answered whenever the body is read or dropped, however empty; the token in any case
        self.assertEqual(interim, b"HTTP/1.1 100 Continue\r\n\r\n")
        self.assertEqual(r.status, 200)

    def test_100_continue_and_pages_of_nginx_own(self):
        # as nginx: a page of its own for an error or a redirecting rewrite drops the body without inviting
        # it; a "return" with a text or a redirect target drops it after a "100 Continue"
        (port,) = free_ports(1)
        conf = http_conf(f"""server {{ listen 127.0.0.1:{port};
            location /e {{ return 404; }} location /w {{ rewrite ^ /x redirect; }}
            location /r {{ return 302 /x; }} location /t {{ return 200 "t"; }} }}""")
        with Nproxy(conf, [port]):
            for path, statuses in (("/e", [404]), ("/w", [302]), ("/r", [100, 302]), ("/t", [100, 200])):
                with self.subTest(path=path):
                    raw = request_bytes("POST", path, headers=[("Content-Length", "5"), ("Expect", "100-continue"),
                                                               ("Connection", "close")]) + b"hello"
                    responses = exchange(port, raw, count=len(statuses))
                    self.assertEqual([r.status for r in responses], statuses)

    def test_an_answer_does_not_wait_for_a_body_it_does_not_use(self):
        # as nginx: the answer goes before the body has all come; the rest is dropped after it, and the
        # connection then serves the next request
        (port,) = free_ports(1)
        conf = http_conf(f'server {{ listen 127.0.0.1:{port}; location / {{ return 200 "ok"; }} }}')
        with Nproxy(conf, [port]):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock, sock.makefile("rb") as reader:
                sock.sendall(b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
                first = read_response(reader)
                sock.sendall(b"world" + b"GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                second = read_response(reader)
        self.assertEqual((first.status, first.header("connection"), first.text), (200, "keep-alive", "ok"))
        self.assertEqual((second.status, second.text), (200, "ok"))

    def test_invalid_header_names_are_ignored(self):
        ports = free_ports(3)
        settings = ("", "underscores_in_headers on;", "ignore_invalid_headers off;")
        conf = http_conf("".join(f"""
    server {{ listen 127.0.0.1:{port}; {extra} return 200 "[$http_x_under]"; }}""" for port, extra in zip(ports, settings)))
        with Nproxy(conf, ports) as n:
            seen = [fetch(port, "/", headers=[("X_Under", "1")]).text for port in ports]
            logged = n.wait_for_log("error.log", r'\[info\] .*client sent invalid header line: "X_Under: 1" '
                                                 r'while reading client request headers')
        # as nginx: '_' is invalid unless underscores_in_headers; invalid names count only when not ignored
        self.assertEqual(seen, ["[]", "[1]", "[1]"])
        self.assertIsNotNone(logged)

    def test_http_1_1_without_host_is_400(self):
        with Nproxy(self.conf, [self.port]):
            r = exchange(self.port, b"GET / HTTP/1.1\r\n\r\n")[0]
        self.assertEqual(r.status, 400)
        self.assertEqual(r.body, error_page("400 Bad Request", r.header("server")))

    def test_malformed_request_line_is_400(self):
        with Nproxy(self.conf, [self.port]) as n:
            for line in (b"GARBAGE\r\n\r\n", b"GET / HTTX/1.1\r\nHost: x\r\n\r\n", b"G@T / HTTP/1.1\r\nHost: x\r\n\r\n"):
                with self.subTest(line=line):
                    try:
                        r = exchange(self.port, line)[0]
                    except (ConnectionError, OSError) as e:
                        self.fail(f"no answer: {e!r}")
                    self.assertEqual(r.status, 400)
                    self.assertEqual(r.body, error_page("400 Bad Request", r.header("server")))
            self.assertIsNotNone(n.wait_for_log("access.log", r'"GARBAGE" 400 \d+ '))
            # nginx's info lines, in the default server's name
            for fault, line in (("invalid method", "GARBAGE"), ("invalid request", "GET / HTTX/1.1"),
                                ("invalid method", "G@T / HTTP/1.1")):
                self.assertIsNotNone(n.wait_for_log("error.log", rf'\[info\] .*client sent {fault} while reading client '
                                                                 rf'request line, client: 127\.0\.0\.1, server: \S*, '
                                                                 rf'request: "{re.escape(line)}"'), line)

    def test_malformed_request_line_gets_no_success(self):
        with Nproxy(self.conf, [self.port]) as n:
            try:
                answers = exchange(self.port, b"GARBAGE\r\n\r\n")
            except (ConnectionError, OSError):
                answers = []
            self.assertNotIn(200, [r.status for r in answers])
            self.assertIsNotNone(n.wait_for_log("access.log", r'" 400 \d+ "-" "-"$'))


class Signals(unittest.TestCase):
    def test_sigquit_and_sigterm_stop_with_exit_code_0(self):
        for sig in (signal.SIGQUIT, signal.SIGTERM):
            with self.subTest(signal=sig.name):
                port = free_port()
                with Nproxy(simple(port, 'location / { return 200 "up"; }'), [port]) as n:
                    self.assertEqual(fetch(port, "/").text, "up")
                    started = time.monotonic()
                    code = n.stop(sig, timeout=10)
                    self.assertLess(time.monotonic() - started, 5)
                    self.assertEqual(code, 0, n.stderr() + n.error_log())
                    with self.assertRaises(OSError):
                        socket.create_connection(("127.0.0.1", port), timeout=2).close()


class AccessLog(unittest.TestCase):
    def test_combined_line(self):
        port = free_port()
        conf = simple(port, r'location / { return 200 "twelve bytes"; }')
        with Nproxy(conf, [port]) as n:
            r = fetch(port, "/path/x?q=1", headers=[("Referer", "http://ref.example/page"),
                                                     ("User-Agent", "test-agent/1.0 (x)")])
            line = n.wait_for_log("access.log", r"^.*/path/x.*$")
            n.stop()
            log = n.access_log()
        self.assertEqual(r.status, 200)
        self.assertIsNotNone(line, log)
        pattern = (r'^127\.0\.0\.1 - - \[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] '
                   r'"GET /path/x\?q=1 HTTP/1\.1" 200 12 "http://ref\.example/page" "test-agent/1\.0 \(x\)"$')
        self.assertRegex(log.splitlines()[-1], pattern)
        self.assertEqual(len(log.splitlines()), 1, log)

    def test_custom_format_and_off(self):
        port = free_port()
        conf = http_conf(f"""
        log_format mine '$remote_addr|$request_method|$uri|$status|$body_bytes_sent|$http_x_test';
        server {{
            listen 127.0.0.1:{port};
            access_log logs/mine.log mine;
            location /quiet {{ access_log off; return 204; }}
            location / {{ return 200 "abc"; }}
        }}""")
        with Nproxy(conf, [port]) as n:
            fetch(port, "/quiet")
            fetch(port, "/x", headers=[("X-Test", "hello")])
            n.stop()
            log = (n.path / "logs" / "mine.log").read_text()
        self.assertEqual(log, "127.0.0.1|GET|/x|200|3|hello\n")

    def buffered(self, port, params):
        return http_conf(f"""
        log_format short '$request_uri';
        server {{
            listen 127.0.0.1:{port};
            access_log logs/buffered.log short {params};
            location / {{ return 200 "abc"; }}
        }}""")

    def read(self, n):
        try:
            return (n.path / "logs" / "buffered.log").read_text()
        except FileNotFoundError:
            return ""

    def test_buffer_holds_lines_until_flush_time(self):
        port = free_port()
        with Nproxy(self.buffered(port, "buffer=64k flush=1s"), [port]) as n:
            fetch(port, "/one")
            fetch(port, "/two")
            time.sleep(0.3)
            self.assertEqual(self.read(n), "")  # held: less than 64k and within the flush time
            deadline = time.monotonic() + 5
            while self.read(n) == "" and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertEqual(self.read(n), "/one\n/two\n")

    def test_a_full_buffer_is_written(self):
        port = free_port()
        with Nproxy(self.buffered(port, "buffer=4k"), [port]) as n:
            for i in range(3):
                fetch(port, "/" + "x" * 2000 + str(i))
            deadline = time.monotonic() + 5
            while self.read(n) == "" and time.monotonic() < deadline:
                time.sleep(0.05)
            lines = self.read(n).splitlines()
            self.assertEqual(len(lines), 2)  # the first two filled 4k; the third is held

    def test_held_lines_are_written_on_reopen_and_at_exit(self):
        port = free_port()
        with Nproxy(self.buffered(port, "buffer=64k"), [port]) as n:
            # a line is written after its answer: the second answer on the connection means the first is in
            exchange(port, request_bytes(path="/before-reopen") + request_bytes(path="/x"), count=2)
            n.process.send_signal(signal.SIGUSR1)
            self.assertTrue(n.wait_for_log("buffered.log", r"^/before-reopen$"))
            exchange(port, request_bytes(path="/before-exit") + request_bytes(path="/y"), count=2)
            time.sleep(0.3)
            self.assertNotIn("/before-exit", self.read(n))
            self.assertEqual(n.stop(signal.SIGTERM), 0)
            self.assertEqual(self.read(n), "/before-reopen\n/x\n/before-exit\n/y\n")


if __name__ == "__main__":
    unittest.main()


class StubStatus(unittest.TestCase):
    """nginx's stub_status page, byte for byte, with counters that add up and go on across a reload."""

    def status(self, port):
        r = fetch(port, "/status")
        self.assertEqual((r.status, r.header("content-type")), (200, "text/plain"))
        m = re.fullmatch(r"Active connections: (\d+) \nserver accepts handled requests\n (\d+) (\d+) (\d+) \n"
                         r"Reading: (\d+) Writing: (\d+) Waiting: (\d+) \n", r.text)
        self.assertIsNotNone(m, r.text)
        return [int(v) for v in m.groups()]

    def test_counters(self):
        port = free_port()
        conf = http_conf(f"""server {{ listen 127.0.0.1:{port};
            location = /status {{ stub_status; }}
            location / {{ return 200 "ok"; }} }}""")
        with Nproxy(conf, [port]) as n:
            exchange(port, request_bytes() * 2 + request_bytes(headers=[("Connection", "close")]), count=3)
            with connect(port) as idle:
                idle.sendall(b"")  # open and idle: waiting
                time.sleep(0.2)
                active, accepts, handled, requests, reading, writing, waiting = self.status(port)
            # connections: the start-up check that the port listens, the exchange, the idle one, this one
            self.assertEqual((accepts, handled, requests), (4, 4, 4))
            self.assertEqual((active, reading, writing, waiting), (2, 0, 1, 1))
            (n.path / "nproxy.conf").write_text(conf + " ")
            n.process.send_signal(signal.SIGHUP)
            self.assertTrue(n.wait_for_log("error.log", r"gracefully shutting down"))
            self.assertEqual(self.status(port)[1:4], [5, 5, 5])  # counted on in the new worker

    def test_connections_variables(self):
        port = free_port()
        conf = http_conf(f"""server {{ listen 127.0.0.1:{port};
            location / {{ return 200 "$connections_active $connections_reading $connections_writing $connections_waiting"; }} }}""")
        with Nproxy(conf, [port]):
            with connect(port):  # open and idle: waiting
                time.sleep(0.2)
                self.assertEqual(fetch(port).text, "2 0 1 1")

    def test_other_methods_are_405(self):
        port = free_port()
        conf = http_conf(f"server {{ listen 127.0.0.1:{port}; location = /status {{ stub_status on; }} }}")
        with Nproxy(conf, [port]):
            self.assertEqual(fetch(port, "/status", method="POST", body=b"x").status, 405)


class KeepaliveRules(unittest.TestCase):
    """nginx's keep-alive decisions: keepalive_timeout's header, keepalive_time, keepalive_disable, and the
    location's keepalive_timeout for the wait after its request."""

    def test_rules(self):
        port = free_port()
        conf = http_conf(f"""
        log_format ka '$sent_http_connection|$sent_http_keep_alive|$connection_requests';
        server {{
            listen 127.0.0.1:{port};
            access_log logs/ka.log ka;
            keepalive_timeout 1 9;
            add_header X-Time $connection_time;
            location /long {{ keepalive_timeout 30s; keepalive_time 1s; return 200 "ok"; }}
            location /safari {{ keepalive_disable safari; return 200 "ok"; }}
            location / {{ return 200 "ok"; }}
        }}""")
        with Nproxy(conf, [port]) as n:
            r = exchange(port, request_bytes("GET", "/"))[0]
            self.assertEqual((r.header("connection"), r.header("keep-alive")), ("keep-alive", "timeout=9"))
            self.assertRegex(r.header("x-time"), r"^0\.\d\d\d$")
            safari = [("User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_7_3) Safari/7534.48.3")]
            self.assertEqual(exchange(port, request_bytes("GET", "/safari", headers=safari))[0].header("connection"),
                             "close")
            self.assertEqual(exchange(port, request_bytes("GET", "/", headers=safari))[0].header("connection"),
                             "keep-alive")  # msie6 is the default, not safari
            with connect(port) as sock, sock.makefile("rb") as reader:
                sock.sendall(request_bytes("GET", "/long"))
                self.assertEqual(read_response(reader).header("connection"), "keep-alive")
                time.sleep(1.3)  # longer than the server's keepalive_timeout 1, shorter than /long's 30s
                sock.sendall(request_bytes("GET", "/long"))
                second = read_response(reader)
            # still open after 1.3 s (the location's timeout), but older than keepalive_time: this one closes
            self.assertEqual(second.header("connection"), "close")
            self.assertRegex(second.header("x-time"), r"^1\.[3-9]\d\d$")
            n.stop()
            log = (n.path / "logs" / "ka.log").read_text().splitlines()
        # the headers actually sent, as nginx-tests' http_keepalive.t wants (nginx 1.22 logs "close" for all,
        # a known bug that file marks TODO)
        self.assertEqual(log, ["keep-alive|timeout=9|1", "close|-|1", "keep-alive|timeout=9|1",
                               "keep-alive|timeout=9|1", "close|-|2"])
