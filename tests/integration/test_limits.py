"""Timeouts and limits on client connections, each answered as nginx 1.22.1 answers it: the status sent (or
none), what the access and error logs say, and how the connection ends (FIN, RST, lingering).

Timeouts are set to 1 s so each case takes about that long; every wait below is bounded."""

import resource
import socket
import time
import unittest

import certs
from nproxy_testlib import (BackgroundServer, Nproxy, connect, exchange, free_ports, http_conf, read_response, request_bytes,
                            tls_client_context)


def closed_how(sock, timeout=5.0):
    """Reads until the peer ends the connection: ("eof" | "reset" | "open", seconds waited, bytes read)."""
    sock.settimeout(timeout)
    start = time.monotonic()
    data = b""
    try:
        while True:
            piece = sock.recv(65536)
            if not piece:
                return "eof", time.monotonic() - start, data
            data += piece
    except ConnectionResetError:
        return "reset", time.monotonic() - start, data
    except socket.timeout:
        return "open", time.monotonic() - start, data


def status_of(data):
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else None


class HeaderTimeouts(unittest.TestCase):
    def serve(self, extra=""):
        (self.port,) = free_ports(1)
        conf = http_conf(f"client_header_timeout 1s; keepalive_timeout 1s; {extra}\n"
                         f'server {{ listen 127.0.0.1:{self.port}; location / {{ return 200 "ok"; }} }}')
        return Nproxy(conf, [self.port])

    def test_partial_header_is_logged_408_and_closed_without_an_answer(self):
        with self.serve() as n:
            with connect(self.port) as sock:
                sock.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n")
                how, waited, data = closed_how(sock)
            self.assertEqual((how, data), ("eof", b""))
            self.assertLess(waited, 3.0)
            self.assertTrue(n.wait_for_log("access.log", r'"GET /slow HTTP/1\.1" 408 0 '), n.access_log())
            self.assertIn("client timed out (110: Connection timed out) while reading client request headers",
                          n.error_log())

    def test_a_connection_that_sends_nothing_is_closed_and_not_logged(self):
        with self.serve() as n:
            with connect(self.port) as sock:
                how, waited, _ = closed_how(sock)
            self.assertEqual(how, "eof")
            self.assertLess(waited, 3.0)
            self.assertTrue(n.wait_for_log("error.log", r"client timed out .* while waiting for request"))
            self.assertEqual(n.access_log(), "")

    def test_reset_timedout_connection_closes_with_a_reset(self):
        with self.serve("reset_timedout_connection on;") as n:
            with connect(self.port) as sock:
                sock.sendall(b"GET / HTTP/1.1\r\n")
                how, _, _ = closed_how(sock)
            self.assertEqual(how, "reset")
            self.assertTrue(n.wait_for_log("access.log", r'"GET / HTTP/1\.1" 408 '))

    def test_keepalive_timeout_closes_an_idle_connection(self):
        with self.serve() as n:
            with connect(self.port) as sock:
                sock.sendall(request_bytes())
                with sock.makefile("rb") as reader:
                    self.assertEqual(read_response(reader).status, 200)
                how, waited, data = closed_how(sock)
            self.assertEqual((how, data), ("eof", b""))
            self.assertLess(waited, 3.0)
            self.assertEqual(n.access_log().count("\n"), 1)


class BodyAndSendTimeouts(unittest.TestCase):
    def test_client_body_timeout_logs_408_and_closes(self):
        # proxy_pass reads the whole body before it goes upstream (proxy_request_buffering on)
        (port,) = free_ports(1)
        with BackgroundServer(lambda conn, stop: None) as backend:
            conf = http_conf(f"client_body_timeout 1s;\n"
                             f"server {{ listen 127.0.0.1:{port}; location / {{ proxy_pass http://127.0.0.1:{backend.port}; }} }}")
            with Nproxy(conf, [port]) as n:
                with connect(port) as sock:
                    sock.sendall(b"POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
                    how, waited, data = closed_how(sock)
                self.assertEqual((how, data), ("eof", b""))
                self.assertLess(waited, 3.0)
                self.assertTrue(n.wait_for_log("access.log", r'"POST /up HTTP/1\.1" 408 '), n.access_log())

    def test_send_timeout_gives_up_on_a_client_that_does_not_read(self):
        (port,) = free_ports(1)
        size = 64 * 1024 * 1024  # far more than the socket buffers of both ends hold
        conf = http_conf(f"send_timeout 1s;\n"
                         f"server {{ listen 127.0.0.1:{port}; root html; }}")
        with Nproxy(conf, [port], files={"html/big": b"x" * size}) as n:
            with connect(port) as sock:
                sock.sendall(request_bytes(path="/big"))
                # not reading: the server's writes stall once the socket buffers are full, then time out
                logged = n.wait_for_log("access.log", r'"GET /big HTTP/1\.1" 200 (\d+) ', timeout=6.0)
            self.assertIsNotNone(logged, n.access_log())
            self.assertLess(int(logged.group(1)), size)


class HeaderSizeLimits(unittest.TestCase):
    """client_header_buffer_size 128 and large_client_header_buffers 2 600 (nginx wants the latter at least
    connection_pool_size, lowered here to fit): a line fits in a 600-byte buffer, and two are available."""

    @classmethod
    def setUpClass(cls):
        (cls.port,) = free_ports(1)
        conf = http_conf("client_header_buffer_size 128; connection_pool_size 256; "
                         "large_client_header_buffers 2 600;\n"
                         f'server {{ listen 127.0.0.1:{cls.port}; location / {{ return 200 "ok"; }} }}')
        cls.nproxy = Nproxy(conf, [cls.port]).__enter__()
        cls.addClassCleanup(cls.nproxy.__exit__, None, None, None)  # also when the rest of setUpClass fails

    def status(self, request_line, *headers):
        raw = request_line + b"\r\nHost: x\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n"
        return exchange(self.port, raw)[0]

    def test_request_lines(self):
        fits = b"GET /" + b"a" * (600 - len(b"GET / HTTP/1.1\r\n")) + b" HTTP/1.1"
        self.assertEqual(len(fits) + 2, 600)
        self.assertEqual(self.status(fits).status, 200)
        too_long = b"GET /" + b"a" * 600 + b" HTTP/1.1"
        response = self.status(too_long)
        self.assertEqual((response.status, response.reason), (414, "Request-URI Too Large"))
        self.assertEqual(response.header("connection"), "close")

    def test_header_lines(self):
        self.assertEqual(self.status(b"GET / HTTP/1.1", b"X-A: " + b"b" * 593).status, 200)  # 600 with CRLF
        response = self.status(b"GET / HTTP/1.1", b"X-A: " + b"b" * 594)
        self.assertEqual(response.status, 400)
        self.assertIn(b"Request Header Or Cookie Too Large", response.body)
        self.assertTrue(self.nproxy.wait_for_log("access.log", r'"GET / HTTP/1\.1" 400 '))
        self.assertIn('client sent too long header line: "X-A: bbbb', self.nproxy.error_log())

    def test_lines_that_need_more_buffers_than_there_are(self):
        line = lambda c: b"X-" + c + b": " + c * 400
        self.assertEqual(self.status(b"GET / HTTP/1.1", line(b"a"), line(b"b")).status, 200)
        self.assertEqual(self.status(b"GET / HTTP/1.1", line(b"a"), line(b"b"), line(b"c")).status, 400)


class BodyLimitAndLingeringClose(unittest.TestCase):
    def serve(self, extra=""):
        (self.port,) = free_ports(1)
        conf = http_conf(f"client_max_body_size 1k; {extra}\n"
                         f'server {{ listen 127.0.0.1:{self.port}; location / {{ return 200 "ok"; }} }}')
        return Nproxy(conf, [self.port])

    def test_413_reaches_a_client_still_sending_its_body(self):
        # Without lingering, closing with the body unread resets the connection and the client loses the
        # answer; nproxy stops writing and reads the rest away, so the whole body goes and the 413 arrives.
        body = b"x" * (8 * 1024 * 1024)
        with self.serve() as n:
            with connect(self.port) as sock:
                sock.sendall(request_bytes("POST", "/", body=body))
                how, _, data = closed_how(sock)
            self.assertEqual(status_of(data), 413)
            self.assertEqual(how, "eof")
            self.assertTrue(n.wait_for_log("access.log", r'"POST / HTTP/1\.1" 413 '))

    def test_413_is_answered_before_the_body_is_read(self):
        with self.serve() as n:
            with connect(self.port) as sock:
                sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n"
                             b"Expect: 100-continue\r\n\r\n")
                sock.settimeout(5)
                data = sock.recv(65536)
            self.assertEqual(status_of(data), 413)  # no "100 Continue" first
            self.assertIsNotNone(n.wait_for_log("error.log", r"\[error\] .*client intended to send too large body: "
                                                             r"100000000 bytes, client: 127\.0\.0\.1, server: , "
                                                             r'request: "POST / HTTP/1\.1", host: "x"'))

    def test_lingering_time_bounds_a_client_that_never_stops(self):
        with self.serve("lingering_time 2s; lingering_timeout 1s;") as n:
            with connect(self.port) as sock:
                sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n")
                start = time.monotonic()
                ended = None
                while time.monotonic() - start < 10 and ended is None:
                    try:
                        sock.sendall(b"x" * 1024)  # a trickle, each within lingering_timeout
                    except (BrokenPipeError, ConnectionResetError):
                        ended = time.monotonic() - start
                    time.sleep(0.2)
            self.assertIsNotNone(ended)
            self.assertLess(ended, 5.0)

    def test_lingering_timeout_ends_a_quiet_client(self):
        with self.serve("lingering_timeout 1s;") as n:
            with connect(self.port) as sock:
                sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + b"x" * 100)
                how, waited, data = closed_how(sock)
            self.assertEqual((how, status_of(data)), ("eof", 413))
            self.assertLess(waited, 3.0)


class SlowClients(unittest.TestCase):
    def test_2000_slow_loris_connections_do_not_stop_normal_requests(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
        (port,) = free_ports(1)
        conf = http_conf(f"client_header_timeout 3s;\n"
                         f'server {{ listen 127.0.0.1:{port}; location / {{ return 200 "ok"; }} }}',
                         error_level="error").replace("events {}", "events { worker_connections 4096; }")
        slow = []
        with Nproxy(conf, [port]) as n:
            try:
                for _ in range(2000):
                    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # and never the rest
                    slow.append(sock)
                for _ in range(5):
                    start = time.monotonic()
                    self.assertEqual(exchange(port, request_bytes(headers=[("Connection", "close")]))[0].status, 200)
                    self.assertLess(time.monotonic() - start, 1.0)
                # client_header_timeout closes every one of them
                deadline = time.monotonic() + 10
                for sock in slow:
                    sock.settimeout(max(0.1, deadline - time.monotonic()))
                    self.assertEqual(sock.recv(1), b"")
                self.assertNotIn("[alert]", n.error_log())
            finally:
                for sock in slow:
                    sock.close()


class KeepaliveRequests(unittest.TestCase):
    def test_the_last_allowed_request_is_answered_with_close(self):
        (port,) = free_ports(1)
        conf = http_conf(f"keepalive_requests 2;\n"
                         f'server {{ listen 127.0.0.1:{port}; location / {{ return 200 "ok"; }} }}')
        with Nproxy(conf, [port]):
            responses = exchange(port, request_bytes() * 3, count=2)
            self.assertEqual([r.header("connection") for r in responses], ["keep-alive", "close"])


class TlsClose(unittest.TestCase):
    def test_a_tls_connection_ends_with_close_notify(self):
        (port,) = free_ports(1)
        pki = certs.shared_pki()
        conf = http_conf(f"server {{ listen 127.0.0.1:{port} ssl; ssl_certificate {pki.server_crt}; "
                         f'ssl_certificate_key {pki.server_key}; location / {{ return 200 "ok"; }} }}')
        with Nproxy(conf, [port]):
            raw = socket.create_connection(("127.0.0.1", port), timeout=5)
            context = tls_client_context(pki.ca_crt)
            # a missing close_notify would raise SSLEOFError here
            with context.wrap_socket(raw, server_hostname="localhost", suppress_ragged_eofs=False) as sock:
                sock.sendall(request_bytes(headers=[("Connection", "close")]))
                data = b""
                while True:
                    piece = sock.recv(65536)
                    if not piece:
                        break
                    data += piece
            self.assertEqual(status_of(data), 200)


if __name__ == "__main__":
    unittest.main()
