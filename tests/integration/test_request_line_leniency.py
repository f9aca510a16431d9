"""What nginx 1.22 takes in a request line that a strict HTTP parser refuses: spaces repeated between its
parts and after the version, and any version from HTTP/1.0 to HTTP/1.999 (1.1 and up read as HTTP/1.1:
kept alive, chunked bodies allowed). $request and $server_protocol show the line as it came; the request
goes upstream in the one form. A major version above 1 is answered 505, other faults 400, each with
nginx's info line. Each case here was checked against nginx 1.22 (NPROXY=/usr/sbin/nginx)."""

import re
import unittest

from nproxy_testlib import (BackgroundServer, Nproxy, exchange, free_ports, http_conf, recording_backend)
from test_request_leniency import send_slowly

LOG_FORMAT = 'log_format line "$status $request_length [$request] [$server_protocol]";'


def line_conf(port, location='return 200 "[$request] [$server_protocol] [$request_uri]";'):
    return http_conf(f"{LOG_FORMAT}\n    server {{ listen 127.0.0.1:{port}; server_name srv; "
                     f"access_log logs/line.log line; location / {{ {location} }} }}")


class RequestLineSpaces(unittest.TestCase):
    def test_repeated_spaces_taken_and_shown_as_they_came(self):
        (port,) = free_ports(1)
        with Nproxy(line_conf(port), [port]) as n:
            request = b"GET   /a%20b?c  HTTP/1.1   \r\nHost: a\r\nConnection: close\r\n\r\n"
            response = exchange(port, request)[0]
            self.assertEqual(response.status, 200)
            self.assertEqual(response.text, "[GET   /a%20b?c  HTTP/1.1   ] [HTTP/1.1   ] [/a%20b?c]")
            self.assertTrue(n.wait_for_log("line.log", r"\n"))
            self.assertEqual(n._read("logs/line.log"),
                             f"200 {len(request)} [GET   /a%20b?c  HTTP/1.1   ] [HTTP/1.1   ]\n")

    def test_byte_by_byte(self):
        (port,) = free_ports(1)
        with Nproxy(line_conf(port), [port]):
            data = b"GET  /a HTTP/1.1 \r\nHost: a\r\n\r\nGET /b  HTTP/1.5\r\nHost: a\r\nConnection: close\r\n\r\n"
            self.assertEqual(send_slowly(port, data, 2), [200, 200])

    def test_upstream_gets_the_line_in_one_form(self):
        (port,) = free_ports(1)
        seen = []
        with BackgroundServer(recording_backend(seen)) as backend:
            conf = line_conf(port, location=f"proxy_pass http://127.0.0.1:{backend.port};")
            with Nproxy(conf, [port]):
                request = b"POST  /p?q  HTTP/1.7 \r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n"
                self.assertEqual(exchange(port, request, methods=["POST"])[0].status, 200)
        method, target, version, _, body = seen[0]
        self.assertEqual((method, target, version.strip(), body), ("POST", "/p?q", "HTTP/1.0", b"hi"))


class RequestLineVersions(unittest.TestCase):
    def test_minor_versions_above_one_are_http_1_1(self):
        (port,) = free_ports(1)
        with Nproxy(line_conf(port), [port]) as n:
            # kept alive without asking, as HTTP/1.1
            first = b"GET /a HTTP/1.2\r\nHost: a\r\n\r\n"
            second = b"GET /b HTTP/1.999\r\nHost: a\r\nConnection: close\r\n\r\n"
            responses = exchange(port, first + second, count=2)
            self.assertEqual([r.status for r in responses], [200, 200])
            self.assertEqual([r.version for r in responses], ["HTTP/1.1", "HTTP/1.1"])
            self.assertEqual(responses[1].text, "[GET /b HTTP/1.999] [HTTP/1.999] [/b]")
            self.assertTrue(n.wait_for_log("line.log", r"(.*\n){2}"))
            self.assertEqual(n._read("logs/line.log"),
                             f"200 {len(first)} [GET /a HTTP/1.2] [HTTP/1.2]\n"
                             f"200 {len(second)} [GET /b HTTP/1.999] [HTTP/1.999]\n")

    def test_minor_zero_is_http_1_0(self):
        (port,) = free_ports(1)
        with Nproxy(line_conf(port), [port]) as n:
            response = exchange(port, b"GET /a HTTP/1.00\r\nHost: a\r\n\r\n")[0]
            self.assertEqual(response.status, 200)
            self.assertEqual(response.header("connection"), "close")
            request = b"POST /a HTTP/1.000\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            self.assertEqual(exchange(port, request, methods=["POST"])[0].status, 400)
            self.assertIn('client sent HTTP/1.0 request with "Transfer-Encoding" header', n.error_log())


class RequestLineFaults(unittest.TestCase):
    def test_refused_as_nginx_refuses_them(self):
        (port,) = free_ports(1)
        with Nproxy(line_conf(port), [port]) as n:
            for line, status, fault in [
                (b"GET /a HTTP/10.0", 505, "invalid version"),
                (b"GET /a  HTTP/2", 505, "invalid version"),
                (b"GET /a HTTP/1.1000", 400, "invalid request"),
                (b"GET /a HTTP/01.1", 400, "invalid request"),
                (b"GET /a HTTP/1.", 400, "invalid request"),
                (b"GET /a HTTP/1.1 x", 400, "invalid request"),
                (b"GET /a b HTTP/1.1", 400, "invalid request"),
                (b"GET /a HTTP/1.1\t", 400, "invalid request"),
                (b"get  /a HTTP/1.1", 400, "invalid method"),
            ]:
                with self.subTest(line=line):
                    response = exchange(port, line + b"\r\nHost: a\r\n\r\n")[0]
                    self.assertEqual(response.status, status)
                    text = line.decode()
                    pattern = (rf'\[info\] .*client sent {fault} while reading client request line, '
                               rf'client: 127\.0\.0\.1, server: srv, request: "{re.escape(text)}"')
                    self.assertTrue(n.wait_for_log("error.log", pattern), n.error_log())
                    # as nginx, which counts a request from the end of its line
                    as_logged = re.escape(text.replace("\t", "\\x09"))  # a log escapes a tab
                    logged = rf"^{status} 0 \[{as_logged}\]"
                    self.assertTrue(n.wait_for_log("line.log", logged), n._read("logs/line.log"))

    def test_refused_before_the_line_ends(self):
        # as nginx, at the first byte out of its grammar; a strict parser would wait for more
        (port,) = free_ports(1)
        with Nproxy(line_conf(port), [port]) as n:
            for start, fault in [(b"g", "invalid method"), (b"GET /a b", "invalid request"),
                                 (b"GET / HTTP/2", "invalid version")]:
                with self.subTest(start=start):
                    response = exchange(port, start, timeout=3)[0]
                    self.assertEqual(response.status, 505 if b"HTTP/2" in start else 400)
                    pattern = (rf'client sent {fault} while reading client request line, client: 127\.0\.0\.1, '
                               rf'server: srv, request: "{re.escape(start.decode())}"')
                    self.assertTrue(n.wait_for_log("error.log", pattern), n.error_log())


if __name__ == "__main__":
    unittest.main()
