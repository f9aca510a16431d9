"""What nginx 1.22 takes in a client's request header that a strict HTTP parser would refuse: empty lines
before a request line (RFC 9112 2.2), which it skips and leaves out of $request_length; a header line
without a colon, a field with an empty value; and, with ignore_invalid_headers (the default), a line whose
name has other bytes than letters, digits and '-' (or '_' with underscores_in_headers), which it leaves
out with an info line in the error log. nproxy answers each as nginx does.

Where nproxy differs from nginx: with ignore_invalid_headers off, nginx takes a name such as "(" as a field,
where nproxy answers 400 (its parser takes the names RFC 9110 allows, with '.' and '_'). Not tested here."""

import re
import socket
import time
import unittest

from nproxy_testlib import (BackgroundServer, Nproxy, connect, exchange, free_ports, http_conf, recording_backend,
                            read_response)

LOG_FORMAT = 'log_format lenient "$status $request_length [$request] [$http_foo] [$http_f_o]";'


def lenient_conf(port, *, server_extra="", location='return 200 "ok";'):
    return http_conf(f"{LOG_FORMAT}\n    server {{ listen 127.0.0.1:{port}; server_name srv; "
                     f"access_log logs/lenient.log lenient; {server_extra} location / {{ {location} }} }}")


def send_slowly(port, data, count):
    """Sends `data` a byte at a time; returns the statuses of `count` responses."""
    with connect(port, timeout=10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(len(data)):
            sock.sendall(data[i:i + 1])
            if i % 16 == 0:
                time.sleep(0.001)
        with sock.makefile("rb") as reader:
            return [read_response(reader).status for _ in range(count)]


class EmptyLinesBeforeRequest(unittest.TestCase):
    def test_skipped_and_not_counted(self):
        (port,) = free_ports(1)
        with Nproxy(lenient_conf(port), [port]) as n:
            first = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
            second = b"GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
            responses = exchange(port, first + b"\r\n\r\n" + second, count=2)
            self.assertEqual([r.status for r in responses], [200, 200])
            responses = exchange(port, b"\r\n\n\r\n" + second)
            self.assertEqual(responses[0].status, 200)
            self.assertTrue(n.wait_for_log("lenient.log", r"(.*\n){3}"))
            self.assertEqual(n._read("logs/lenient.log"),
                             f"200 {len(first)} [GET / HTTP/1.1] [-] [-]\n"
                             f"200 {len(second)} [GET /x HTTP/1.1] [-] [-]\n"
                             f"200 {len(second)} [GET /x HTTP/1.1] [-] [-]\n")

    def test_after_a_body(self):
        (port,) = free_ports(1)
        with Nproxy(lenient_conf(port), [port]):
            post = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
            get = b"GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
            responses = exchange(port, post + b"\r\n" + get, count=2, methods=["POST", "GET"])
            self.assertEqual([r.status for r in responses], [200, 200])

    def test_byte_by_byte(self):
        (port,) = free_ports(1)
        with Nproxy(lenient_conf(port), [port]):
            data = (b"\r\nGET / HTTP/1.1\r\nHost: a\r\n(: x\r\nFoo\r\n\r\n\r\n"
                    b"GET /x HTTP/1.1\nHost: a\nF\x80o: 1\nConnection: close\n\n")
            self.assertEqual(send_slowly(port, data, 2), [200, 200])

    def test_only_empty_lines_get_no_answer(self):
        (port,) = free_ports(1)
        with Nproxy(lenient_conf(port), [port]):
            with connect(port, timeout=0.5) as sock:
                sock.sendall(b"\r\n\r\n")
                with self.assertRaises(socket.timeout):
                    sock.recv(100)  # nginx waits for a request line
                sock.shutdown(socket.SHUT_WR)
                sock.settimeout(5)
                self.assertEqual(sock.recv(100), b"")


class InvalidHeaderLines(unittest.TestCase):
    REQUEST = (b"GET /z HTTP/1.1\r\nHost: a\r\n(: x\r\nF\x80o: x  y  \r\nX.Y:   \r\nF(o\r\nF_o: 1\r\n"
               b"A/B;C=D: e\r\nFoo\r\nConnection: close\r\n\r\n")

    def test_left_out_and_logged(self):
        (port,) = free_ports(1)
        with Nproxy(lenient_conf(port), [port]) as n:
            self.assertEqual(exchange(port, self.REQUEST)[0].status, 200)
            self.assertTrue(n.wait_for_log("lenient.log", r"\n"))
            self.assertEqual(n._read("logs/lenient.log"), f"200 {len(self.REQUEST)} [GET /z HTTP/1.1] [] [-]\n")
            context = ' while reading client request headers, client: 127.0.0.1, server: srv, ' \
                      'request: "GET /z HTTP/1.1", host: "a"'
            logged = re.findall(r"\[info\] \d+#\d+: \*\d+ (client sent invalid header line: .*)", n.error_log())
            self.assertEqual(logged, [f'client sent invalid header line: "{line}"{context}'
                                      for line in ["(: x", "F\ufffdo: x  y", "X.Y:   ", "F(o", "F_o: 1", "A/B;C=D: e"]])

    def test_not_forwarded(self):
        (port,) = free_ports(1)
        seen = []
        with BackgroundServer(recording_backend(seen)) as backend:
            conf = lenient_conf(port, location=f"proxy_pass http://127.0.0.1:{backend.port};")
            with Nproxy(conf, [port]):
                self.assertEqual(exchange(port, self.REQUEST)[0].status, 200)
        names = [name for name, _ in seen[0][3]]
        self.assertEqual(names, ["Host", "Connection", "Foo"])
        self.assertEqual(seen[0][3][2], ("Foo", ""))

    def test_underscores_in_headers(self):
        (port,) = free_ports(1)
        with Nproxy(lenient_conf(port, server_extra="underscores_in_headers on;"), [port]) as n:
            self.assertEqual(exchange(port, self.REQUEST)[0].status, 200)
            self.assertTrue(n.wait_for_log("lenient.log", r"\n"))
            self.assertEqual(n._read("logs/lenient.log"), f"200 {len(self.REQUEST)} [GET /z HTTP/1.1] [] [1]\n")

    def test_ignore_invalid_headers_off(self):
        (port,) = free_ports(1)
        with Nproxy(lenient_conf(port, server_extra="ignore_invalid_headers off;"), [port]) as n:
            request = b"GET /z HTTP/1.1\r\nHost: a\r\nX.Y: 1\r\nF_o: 2\r\nFoo\r\nConnection: close\r\n\r\n"
            self.assertEqual(exchange(port, request)[0].status, 200)
            self.assertTrue(n.wait_for_log("lenient.log", r"\n"))
            self.assertEqual(n._read("logs/lenient.log"), f"200 {len(request)} [GET /z HTTP/1.1] [] [2]\n")
            self.assertNotIn("invalid header line", n.error_log())

    def test_refused_lines(self):
        (port,) = free_ports(1)
        with Nproxy(lenient_conf(port), [port]):
            for line in [b"Foo bar", b"Foo : x", b": x", b"F(o o: x", b"A\x7f: x", b"A\x00: x", b"A: b\x00"]:
                with self.subTest(line=line):
                    request = b"GET / HTTP/1.1\r\nHost: a\r\n" + line + b"\r\n\r\n"
                    self.assertEqual(exchange(port, request)[0].status, 400)

    def test_still_counted_against_the_buffers(self):
        (port,) = free_ports(1)
        conf = lenient_conf(port, server_extra="client_header_buffer_size 1k; large_client_header_buffers 2 1k;")
        with Nproxy(conf, [port]):
            request = b"GET / HTTP/1.1\r\nHost: a\r\n" + (b"(: " + b"x" * 100 + b"\r\n") * 40 + b"\r\n"
            response = exchange(port, request)[0]
            self.assertEqual(response.status, 400)
            self.assertIn(b"Request Header Or Cookie Too Large", response.body)


class TabsAtTheEndsOfValues(unittest.TestCase):
    """nginx trims spaces off a header value, not tabs: a tab at either end stays in the value, which makes
    Host, Content-Length and Transfer-Encoding invalid and goes upstream with any other field."""

    def test_framing_and_host_refused_as_nginx(self):
        (port,) = free_ports(1)
        with Nproxy(lenient_conf(port), [port]) as n:
            for field, status, message in [
                (b"Transfer-Encoding: chunked\t", 501, 'client sent unknown "Transfer-Encoding": "chunked\t"'),
                (b"Content-Length: \t5", 400, 'client sent invalid "Content-Length" header'),
            ]:
                with self.subTest(field=field):
                    request = b"POST / HTTP/1.1\r\nHost: a\r\n" + field + b"\r\n\r\nhello"
                    self.assertEqual(exchange(port, request, methods=["POST"])[0].status, status)
                    self.assertIn(message + " while reading client request headers", n.error_log())
            request = b"GET / HTTP/1.1\r\nHost: \ta\r\n\r\n"
            self.assertEqual(exchange(port, request)[0].status, 400)
            self.assertIn('client sent invalid host header while reading client request headers, client: 127.0.0.1, '
                          'server: srv, request: "GET / HTTP/1.1", host: "\ta"', n.error_log())

    def test_other_fields_keep_them_upstream(self):
        (port,) = free_ports(1)
        heads = []

        def handler(conn, stop):  # keeps the header as it came: read_request strips tabs off values
            with conn.makefile("rb") as reader:
                heads.append(b"".join(iter(reader.readline, b"\r\n")))
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")

        with BackgroundServer(handler) as backend:
            conf = lenient_conf(port, location=f"proxy_pass http://127.0.0.1:{backend.port};")
            with Nproxy(conf, [port]) as n:
                request = b"GET / HTTP/1.1\r\nHost: a\r\nFoo:  \tx\t \r\nConnection: close\r\n\r\n"
                self.assertEqual(exchange(port, request)[0].status, 200)
                self.assertTrue(n.wait_for_log("lenient.log", r"\n"))
                self.assertIn("[\\x09x\\x09]", n._read("logs/lenient.log"))  # $http_foo
        self.assertIn(b"\r\nFoo: \tx\t\r\n", heads[0])


if __name__ == "__main__":
    unittest.main()
