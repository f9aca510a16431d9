"""A client that leaves, resets its connection or sends a header only in part: nginx closes it without an
answer and logs at "info" what the connection was doing (and, for a request begun, an access log line with
400 and the bytes of its whole lines). nproxy logs the same lines. Each case was checked against nginx
1.22 (NPROXY=/usr/sbin/nginx)."""

import re
import socket
import struct
import time
import unittest

import certs
from nproxy_testlib import Nproxy, connect, free_ports, http_conf, tls_client_context

# SO_LINGER on, 0 s: close() sends a RST
RESET = struct.pack("ii", 1, 0)


class ClientGone(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pki = certs.shared_pki()
        cls.port, cls.tls_port = free_ports(2)
        conf = http_conf(f"""log_format gone "$status $request_length [$request]";
            server {{
                listen 127.0.0.1:{cls.port};
                listen 127.0.0.1:{cls.tls_port} ssl;
                ssl_certificate {cls.pki.server_crt};
                ssl_certificate_key {cls.pki.server_key};
                access_log logs/gone.log gone;
                location / {{ return 200 "ok"; }}
            }}""")
        cls.nproxy = Nproxy(conf, [cls.port, cls.tls_port]).__enter__()
        cls.addClassCleanup(cls.nproxy.__exit__, None, None, None)

    def logged(self, action):
        """Runs action(); returns the error log's info lines it added, without time and ids."""
        before = len(self.nproxy.error_log())
        action()
        time.sleep(0.3)
        lines = self.nproxy.error_log()[before:].splitlines()
        return [re.sub(r"^.*\[info\] \d+#\d+: \*\d+ ", "", line) for line in lines if "[info]" in line]

    def context(self, port):
        return f", client: 127.0.0.1, server: 127.0.0.1:{port}"

    def tls(self):
        raw = socket.create_connection(("127.0.0.1", self.tls_port), timeout=5)
        return tls_client_context(self.pki.ca_crt).wrap_socket(raw, server_hostname="localhost")

    def served(self, sock):
        sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        self.assertTrue(sock.recv(1000).startswith(b"HTTP/1.1 200"))

    def test_closed_before_a_request(self):
        def close():
            connect(self.port).close()
        self.assertEqual(self.logged(close),
                         ["client closed connection while waiting for request" + self.context(self.port)])

    def test_reset_before_a_request(self):
        def reset():
            sock = connect(self.port)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET)
            time.sleep(0.05)
            sock.close()
        self.assertEqual(self.logged(reset), ["recv() failed (104: Connection reset by peer) while waiting for "
                                              "request" + self.context(self.port)])

    def test_closed_or_reset_between_requests(self):
        def close():
            with connect(self.port) as sock:
                self.served(sock)

        def reset():
            sock = connect(self.port)
            self.served(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET)
            sock.close()
        self.assertEqual(self.logged(close), ["client 127.0.0.1 closed keepalive connection"])
        self.assertEqual(self.logged(reset),
                         ["client 127.0.0.1 closed keepalive connection (104: Connection reset by peer)"])

    def test_a_header_cut_short_is_logged_and_not_answered(self):
        before = self.nproxy._read("logs/gone.log")
        for head in [b"GET /a HT", b"GET / HTTP/1.1\r\nX: 1\r\nhOsT:  b.c \r\nY: 2", b"\r\n"]:
            with self.subTest(head=head):
                with connect(self.port) as sock:
                    sock.sendall(head)
                    time.sleep(0.1)
                    sock.shutdown(socket.SHUT_WR)
                    self.assertEqual(sock.recv(100), b"")  # as nginx: no answer to a client that left
        self.assertTrue(self.nproxy.wait_for_log("gone.log", re.escape(before) + r"(.*\n){3}"))
        self.assertEqual(self.nproxy._read("logs/gone.log")[len(before):],
                         "400 0 [GET /a HT]\n400 35 [GET / HTTP/1.1]\n400 0 []\n")
        lines = self.nproxy.error_log()
        self.assertIn('client prematurely closed connection while reading client request line, client: 127.0.0.1, '
                      'server: , request: "GET /a HT"', lines)
        self.assertIn('client prematurely closed connection while reading client request headers, client: '
                      '127.0.0.1, server: , request: "GET / HTTP/1.1", host: "b.c"', lines)

    def test_pipelined_request_cut_short(self):
        def close():
            with connect(self.port) as sock:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /")
                self.assertTrue(sock.recv(1000).startswith(b"HTTP/1.1 200"))
        self.assertEqual(self.logged(close),
                         ['client prematurely closed connection while reading client pipelined request line, '
                          'client: 127.0.0.1, server: , request: "GET /"'])

    def test_tls_closed_before_and_in_the_handshake(self):
        def before():
            connect(self.tls_port).close()

        def within():
            with connect(self.tls_port) as sock:
                sock.sendall(b"\x16\x03\x01\x00\x05")
                time.sleep(0.05)
        self.assertEqual(self.logged(before), ["client closed connection while SSL handshaking" +
                                               self.context(self.tls_port)])
        self.assertEqual(self.logged(within), ["peer closed connection in SSL handshake while SSL handshaking" +
                                               self.context(self.tls_port)])

    def test_tls_closed_before_and_between_requests(self):
        def idle():
            self.tls().close()

        def after_one():
            sock = self.tls()
            self.served(sock)
            sock.close()
        self.assertEqual(self.logged(idle), ["client closed connection while waiting for request" +
                                             self.context(self.tls_port)])
        self.assertEqual(self.logged(after_one), ["client 127.0.0.1 closed keepalive connection"])


if __name__ == "__main__":
    unittest.main()
