"""TLS peers that misbehave on the listening side: a handshake that stalls, a renegotiation attempt,
garbage in place of records, a flood of tiny records. Each costs the offender its connection and nothing
else: the same worker keeps answering everyone else."""

import os
import socket
import ssl
import subprocess
import time
import unittest

import certs
from nproxy_testlib import Nproxy, fetch, free_ports, http_conf, request_bytes, tls_client_context, worker_pid



class HostileTlsClients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pki = certs.shared_pki()
        (cls.port,) = free_ports(1)
        conf = http_conf(f"""client_header_timeout 1s;
            server {{
                listen 127.0.0.1:{cls.port} ssl;
                ssl_certificate {cls.pki.server_crt};
                ssl_certificate_key {cls.pki.server_key};
                ssl_protocols TLSv1.2 TLSv1.3;
                location / {{ return 200 "ok"; }}
            }}""")
        cls.nproxy = Nproxy(conf, [cls.port]).__enter__()
        cls.addClassCleanup(cls.nproxy.__exit__, None, None, None)  # also when the rest of setUpClass fails
        cls.worker = worker_pid(cls.nproxy)

    def tearDown(self):
        # whatever the test did, the same worker still serves a well-behaved client
        r = fetch(self.port, "/", tls=tls_client_context(self.pki.ca_crt), server_hostname="localhost")
        self.assertEqual((r.status, r.body), (200, b"ok"))
        self.assertEqual(worker_pid(self.nproxy), self.worker)
        self.assertNotIn("[alert]", self.nproxy.error_log())

    def handshaken(self, **context_args):
        raw = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        return tls_client_context(self.pki.ca_crt, **context_args).wrap_socket(raw, server_hostname="localhost")

    def test_a_stalled_handshake_is_closed_after_client_header_timeout(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(b"\x16\x03\x01\x02\x00\x01")  # a ClientHello record that never comes in full
            start = time.monotonic()
            fetch(self.port, "/", tls=tls_client_context(self.pki.ca_crt), server_hostname="localhost")
            self.assertEqual(sock.recv(1), b"")
            self.assertLess(time.monotonic() - start, 3.0)

    def test_renegotiation_is_refused(self):
        # openssl s_client's "R" asks to renegotiate a TLS 1.2 connection; nproxy (BoringSSL) never does
        result = subprocess.run(
            ["openssl", "s_client", "-connect", f"127.0.0.1:{self.port}", "-tls1_2", "-servername", "localhost",
             "-CAfile", str(self.pki.ca_crt)],
            input=b"R\n", capture_output=True, timeout=20)
        output = result.stdout + result.stderr
        self.assertIn(b"RENEGOTIATING", output)
        self.assertIn(b"no renegotiation", output)

    def test_garbage_after_the_handshake_costs_only_that_connection(self):
        with self.handshaken() as tls_sock:
            raw = socket.socket(fileno=os.dup(tls_sock.fileno()))
            with raw:
                try:
                    raw.sendall(os.urandom(256 * 1024))  # not TLS records: a bad record ends the connection
                except (BrokenPipeError, ConnectionResetError):
                    pass
                raw.settimeout(5)
                try:
                    while raw.recv(65536):
                        pass
                except ConnectionResetError:
                    pass

    def test_a_header_in_one_record_per_byte_is_served(self):
        request = request_bytes(headers=[("Connection", "close")])
        with self.handshaken(maximum=ssl.TLSVersion.TLSv1_2) as sock:
            for byte in request:  # a record per byte: each costs the server a decryption, nothing more
                sock.sendall(bytes([byte]))
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        self.assertTrue(data.startswith(b"HTTP/1.1 200 OK"), data[:100])

if __name__ == "__main__":
    unittest.main()
