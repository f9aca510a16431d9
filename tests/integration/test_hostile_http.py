"""Request framing that could smuggle a second request past a proxy, or that nginx refuses: nproxy answers
each as nginx 1.22.1 does (400, 501, 505) and closes, and never forwards such a request upstream.

Where nproxy differs from nginx it says so: an HTTP/0.9 request gets 400 (nginx answers it). An
obsolete line folding gets 400 as in nginx; a bare LF line end is accepted, as nginx accepts it."""

import threading
import unittest

from nproxy_testlib import BackgroundServer, Nproxy, exchange, free_ports, http_conf

CASES = {
    # name: (raw request, status nproxy answers; nginx's unless noted above)
    "content-length and transfer-encoding": (
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    "two different content-lengths": (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
    "two equal content-lengths": (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400),
    "transfer-encoding gzip": (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
    "transfer-encoding gzip, chunked": (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
    "transfer-encoding chunked, gzip": (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 501),
    "transfer-encoding in HTTP/1.0": (b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    "two hosts": (b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    "bare CR": (b"GET / HTTP/1.1\rHost: x\r\r\n", 400),
    "bare LF, accepted as nginx does": (b"GET / HTTP/1.1\nHost: x\n\n", 200),
    "NUL in a header": (b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", 400),
    "space before the colon": (b"GET / HTTP/1.1\r\nHost: x\r\nX-A : b\r\n\r\n", 400),
    "obsolete line folding": (b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 400),
    "folding with a tab, bare LF": (b"POST / HTTP/1.1\nHost: x\nContent-Length: 1\n\t2\n\n12", 400),
    "invalid chunk size": (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400),
    "oversized chunk size": (
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nhello\r\n0\r\n\r\n", 400),
    "negative content-length": (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
    "content-length with a sign": (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello", 400),
    "HTTP/2.0 request line": (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    "TRACE": (b"TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", 405),
    "CONNECT": (b"CONNECT / HTTP/1.1\r\nHost: x\r\n\r\n", 405),
    "a method in lower case": (b"get / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    "a digit in the method": (b"G3T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    "two If-None-Match": (b"GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: a\r\nIf-None-Match: b\r\n\r\n", 400),
    "two Authorization": (b"GET / HTTP/1.1\r\nHost: x\r\nAuthorization: a\r\nAuthorization: a\r\n\r\n", 400),
    "two Transfer-Encoding": (
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    "a list as content-length": (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhello", 400),
    "1001 header lines": (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(1000)) + b"\r\n", 400),
    "content-length past 2^63": (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9223372036854775808\r\n\r\n", 400),
    "above the root": (b"GET /../a HTTP/1.1\r\nHost: x\r\n\r\n", 400),
}


def seen_requests():
    """A backend that counts the requests it is sent and answers each with 200."""
    seen = []
    lock = threading.Lock()

    def handler(conn, stop):
        data = conn.recv(65536)
        if data:
            with lock:
                seen.append(data)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
    return seen, handler


class HostileFraming(unittest.TestCase):
    def check_all(self, port):
        for name, (raw, status) in CASES.items():
            with self.subTest(case=name):
                responses = exchange(port, raw)
                self.assertEqual(responses[0].status, status)
                if status != 200:
                    self.assertEqual(responses[0].header("connection"), "close")

    def test_answered_and_closed(self):
        (port,) = free_ports(1)
        conf = http_conf(f'server {{ listen 127.0.0.1:{port}; location / {{ return 200 "ok"; }} }}')
        with Nproxy(conf, [port]):
            self.check_all(port)

    def test_connection_fields_as_nginx_reads_them(self):
        # "close" anywhere in a Connection field closes; the last field that names either word decides;
        # HTTP/1.0 keeps the connection only for "keep-alive" in Connection (Proxy-Connection is not read)
        (port,) = free_ports(1)
        conf = http_conf(f'server {{ listen 127.0.0.1:{port}; location / {{ return 200 "ok"; }} }}')
        second = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        cases = [
            (b"GET / HTTP/1.1\r\nHost: x\r\nConnection: xclosex\r\n\r\n", 1),
            (b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nConnection: keep-alive\r\n\r\n", 2),
            (b"GET / HTTP/1.0\r\nConnection: keep-alive\r\nConnection: upgrade\r\n\r\n", 2),
            (b"GET / HTTP/1.0\r\nProxy-Connection: keep-alive\r\n\r\n", 1),
        ]
        with Nproxy(conf, [port]):
            for raw, answers in cases:
                with self.subTest(request=raw):
                    responses = exchange(port, raw + second, count=2 if answers == 2 else 1)
                    self.assertEqual([r.status for r in responses], [200] * answers)
                    expected = "keep-alive" if answers == 2 else "close"
                    self.assertEqual(responses[0].header("connection"), expected)

    def test_refused_header_lines_are_logged_as_nginx_logs_them(self):
        # the line up to the byte nginx stopped at, that byte as \xNN, with the Host read before it
        (port,) = free_ports(1)
        conf = http_conf(f'server {{ listen 127.0.0.1:{port}; server_name x; location / {{ return 200 "ok"; }} }}')
        cases = [
            (b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", r'"X-A: a\\x00\.\.\."', r', host: "x"'),
            (b"GET / HTTP/1.1\r\nX-A : b\r\nHost: x\r\n\r\n", r'"X-A\\x20\.\.\."', ""),
            (b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", r'"\\x20\.\.\."', r', host: "x"'),
        ]
        with Nproxy(conf, [port]) as n:
            for raw, text, host in cases:
                with self.subTest(request=raw):
                    self.assertEqual(exchange(port, raw)[0].status, 400)
                    self.assertIsNotNone(n.wait_for_log(
                        "error.log", r"\[info\] .*client sent invalid header line: " + text +
                        r' while reading client request headers, client: 127\.0\.0\.1, server: x, '
                        r'request: "GET / HTTP/1\.1"' + host + "$"))

    def test_never_forwarded(self):
        (port,) = free_ports(1)
        seen, handler = seen_requests()
        with BackgroundServer(handler) as backend:
            conf = http_conf(f"server {{ listen 127.0.0.1:{port}; location / {{ proxy_pass http://127.0.0.1:{backend.port}; }} }}")
            with Nproxy(conf, [port]):
                self.check_all(port)
        # only the one well-framed request (the bare-LF one) reaches the upstream, re-framed with CRLF
        self.assertEqual(len(seen), 1)
        self.assertTrue(seen[0].startswith(b"GET / HTTP/1.0\r\nHost: 127.0.0.1:"), seen[0])


if __name__ == "__main__":
    unittest.main()
