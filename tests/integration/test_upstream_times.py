"""$upstream_connect_time, $upstream_header_time and $upstream_response_time as nginx counts them: from the
start of each try (a retried request lists one time per try), and for a client that closes while the
answer is awaited (499, no header time, the upstream connection closed too), over plain HTTP and TLS. Also proxy_next_upstream_timeout
looked at when a status arrives.

The expected answers and log lines are nginx 1.22.1's (run with NPROXY=/usr/sbin/nginx to check them)."""

import re
import socket
import ssl
import threading
import time
import unittest

import certs
from nproxy_testlib import BackgroundServer, Nproxy, connect, fetch, free_ports, http_conf, request_bytes


class FirstFailsBackend:
    """The first connection gets no answer: closed after 1.1 s. Every later one is answered at once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.seen = 0

    def __call__(self, conn, stop):
        conn.recv(65536)
        with self.lock:
            self.seen += 1
            first = self.seen == 1
        if first:
            stop.wait(1.1)
            return
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")


def slow_backend(conn, stop):
    """Answers after 1.5 s (unless the test ends first)."""
    conn.recv(65536)
    if not stop.wait(1.5):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")


class SlowTlsBackend:
    """Over TLS, answers the first `fast` requests of a connection at once and keeps it open; answers the
    next one after 1.5 s, unless the proxy closes the connection first, which it notes."""

    def __init__(self, fast=0):
        pki = certs.shared_pki()
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(pki.server_crt, pki.server_key)
        self.fast = fast
        self.closed_early = threading.Event()

    def __call__(self, conn, stop):
        with self.context.wrap_socket(conn, server_side=True) as tls:
            for _ in range(self.fast):
                tls.recv(65536)
                tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            tls.recv(65536)
            tls.settimeout(1.5)
            try:
                if tls.recv(1) == b"":
                    self.closed_early.set()
                    return
            except (ssl.SSLError, ConnectionError):
                self.closed_early.set()
                return
            except socket.timeout:
                pass
            tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")


def slow_404_backend(conn, stop):
    """Answers 404 after 1 s."""
    conn.recv(65536)
    if not stop.wait(1):
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnope")


def conf(port, backend_port, tls_backend_port=None):
    return http_conf(f"""
    log_format times '$status $upstream_status|$upstream_connect_time|$upstream_header_time|$upstream_response_time';
    upstream twice {{ server 127.0.0.1:{backend_port}; server 127.0.0.1:{backend_port}; }}
    upstream kept_tls {{ server 127.0.0.1:{tls_backend_port or backend_port}; keepalive 2; }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        access_log logs/times.log times;
        add_header X-Header $upstream_header_time;
        add_header X-Response $upstream_response_time;
        location /retry {{ proxy_pass http://twice; }}
        location /slow {{ proxy_pass http://127.0.0.1:{backend_port}; }}
        location /slow-tls {{ proxy_pass https://127.0.0.1:{tls_backend_port or backend_port}; }}
        location /kept-tls {{
            proxy_pass https://kept_tls;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }}
        location /ignored {{
            proxy_pass http://127.0.0.1:{backend_port};
            proxy_ignore_client_abort on;
        }}
        location /next {{
            proxy_pass http://twice;
            proxy_next_upstream http_404;
            proxy_next_upstream_timeout 1500ms;
            add_header X-Status $upstream_status always;
        }}
    }}""")


class UpstreamTimes(unittest.TestCase):
    def test_each_try_counts_from_its_own_start(self):
        port, = free_ports(1)
        with BackgroundServer(FirstFailsBackend()) as backend, Nproxy(conf(port, backend.port), [port]):
            r = fetch(port, "/retry")
            self.assertEqual(r.status, 200)
            first, second = r.header("X-Header").split(", ")
            self.assertEqual(first, "-")  # no header came from the first try
            self.assertLess(float(second), 1)  # the second try's own time, not the request's
            response_first, response_second = r.header("X-Response").split(", ")
            self.assertGreaterEqual(float(response_first), 1)
            self.assertEqual(response_second, "-")  # the body is not read yet when the header goes out

    def test_a_client_that_closes_while_waiting_is_499_without_header_time(self):
        port, = free_ports(1)
        with BackgroundServer(slow_backend) as backend, Nproxy(conf(port, backend.port), [port]) as n:
            self.check_499(n, port, "/slow", "sending request to upstream")

    def test_a_client_that_closes_while_waiting_over_tls_is_499_and_closes_the_upstream(self):
        # nproxy starts the watch only when the TLS upstream's answer has to be waited for
        port, = free_ports(1)
        tls_backend = SlowTlsBackend()
        with BackgroundServer(tls_backend) as backend, \
                Nproxy(conf(port, backend.port, tls_backend_port=backend.port), [port]) as n:
            # nginx's wording: the TLS 1.3 session tickets came after the request
            self.check_499(n, port, "/slow-tls", "reading response header from upstream")
            self.assertTrue(tls_backend.closed_early.wait(1), "the upstream connection stayed open")

    def test_a_client_that_closes_while_waiting_on_a_kept_tls_connection_is_499(self):
        port, = free_ports(1)
        tls_backend = SlowTlsBackend(fast=1)
        with BackgroundServer(tls_backend) as backend, \
                Nproxy(conf(port, backend.port, tls_backend_port=backend.port), [port]) as n:
            self.assertEqual(fetch(port, "/kept-tls").status, 200)
            # nginx's wording: nothing came on the kept connection after the request
            self.check_499(n, port, "/kept-tls", "sending request to upstream", logged_before=1)
            self.assertTrue(tls_backend.closed_early.wait(1), "the upstream connection stayed open")
            self.assertEqual(backend.accepted, 1)

    def check_499(self, n, port, path, action, logged_before=0):
        with connect(port) as s:
            s.sendall(request_bytes("GET", path))
            time.sleep(0.4)
        line = n.wait_for_log("times.log", r"\A(?:.*\n){%d}(\d+ .*)$" % logged_before)
        self.assertIsNotNone(line, n.error_log())
        status, upstream_status, connect_time, header_time, response_time = re.split(r"[ |]", line.group(1))
        self.assertEqual(status, "499")
        self.assertEqual(upstream_status, "-")
        self.assertEqual(header_time, "-")
        self.assertLess(float(connect_time), 1)
        self.assertLess(float(response_time), 1)  # ended with the client, not with the upstream's answer
        self.assertGreater(float(response_time), float(connect_time))
        self.assertIn("[info]", n.error_log())
        self.assertIn("epoll_wait() reported that client prematurely closed connection, so upstream connection "
                      "is closed too while " + action, n.error_log())

    def test_proxy_ignore_client_abort_waits_for_the_answer(self):
        port, = free_ports(1)
        with BackgroundServer(slow_backend) as backend, Nproxy(conf(port, backend.port), [port]) as n:
            with connect(port) as s:
                s.sendall(request_bytes("GET", "/ignored"))
                time.sleep(0.4)
            line = n.wait_for_log("times.log", r"^\d+ .*$")
            self.assertIsNotNone(line, n.error_log())
            status, upstream_status, _, header_time, _ = re.split(r"[ |]", line.group(0))
            self.assertEqual((status, upstream_status), ("200", "200"))
            self.assertGreaterEqual(float(header_time), 1)
            self.assertNotIn("prematurely closed", n.error_log())

    def test_a_status_that_comes_after_proxy_next_upstream_timeout_is_passed_on(self):
        # the second try starts within the timeout (at 1 s), its 404 comes after it (at 2 s)
        port, = free_ports(1)
        with BackgroundServer(slow_404_backend) as backend, Nproxy(conf(port, backend.port), [port]):
            r = fetch(port, "/next")
            self.assertEqual((r.status, r.body), (404, b"nope"))
            self.assertEqual(r.header("X-Status"), "404, 404")


if __name__ == "__main__":
    unittest.main()
