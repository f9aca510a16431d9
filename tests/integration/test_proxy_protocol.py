"""listen's proxy_protocol: the PROXY protocol header (versions 1 and 2) read off a connection before its
requests or its TLS handshake, the $proxy_protocol_* variables, realip's "real_ip_header proxy_protocol",
and nginx's log lines for a header that is none (the connection is closed without an answer).

The expected answers and log lines are nginx 1.22.1's (run with NPROXY=/usr/sbin/nginx to check them)."""

import re
import socket
import struct
import unittest

import certs
from nproxy_testlib import Nproxy, connect, free_ports, http_conf, read_response, request_bytes, tls_client_context

V1 = b"PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\r\n"
GET = request_bytes("GET", "/")


def v2(body, command=0x21, family=0x11):
    return b"\r\n\r\n\x00\r\nQUIT\n" + bytes([command, family]) + struct.pack("!H", len(body)) + body


INET6_BODY = (socket.inet_pton(socket.AF_INET6, "2001:db8::7") + socket.inet_pton(socket.AF_INET6, "2001:db8::1")
              + struct.pack("!HH", 50000, 8443))


def conf(plain, real, tls, pki):
    return http_conf(f"""
    log_format pp '$remote_addr|$remote_port|$realip_remote_addr|$proxy_protocol_addr|$proxy_protocol_port';
    server {{
        listen 127.0.0.1:{plain} proxy_protocol;
        access_log logs/pp.log pp;
        location / {{
            return 200 "$proxy_protocol_addr:$proxy_protocol_port>$proxy_protocol_server_addr:$proxy_protocol_server_port $remote_addr\\n";
        }}
    }}
    server {{
        listen 127.0.0.1:{real};
        server_name other;
        location / {{ return 204; }}
    }}
    server {{
        listen 127.0.0.1:{real} proxy_protocol;
        server_name localhost;
        set_real_ip_from 127.0.0.1;
        real_ip_header proxy_protocol;
        location / {{ return 200 "$remote_addr $remote_port $realip_remote_addr\\n"; }}
    }}
    server {{
        listen 127.0.0.1:{tls} ssl proxy_protocol;
        ssl_certificate {pki.server_crt};
        ssl_certificate_key {pki.server_key};
        location / {{ return 200 "tls $proxy_protocol_addr $https\\n"; }}
    }}""")


class ProxyProtocol(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pki = certs.shared_pki()
        cls.plain, cls.real, cls.tls = free_ports(3)
        cls.nproxy = Nproxy(conf(cls.plain, cls.real, cls.tls, cls.pki), [cls.plain, cls.real, cls.tls])
        cls.nproxy.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.nproxy.__exit__(None, None, None)

    def send(self, port, data, count=1):
        """Sends bytes in one write; the responses read, or the bytes the server sent before closing."""
        with connect(port) as sock:
            sock.sendall(data)
            with sock.makefile("rb") as reader:
                try:
                    return [read_response(reader) for _ in range(count)]
                except ConnectionError:
                    return reader.read()

    def test_version_1_names_the_client_and_the_server(self):
        r, = self.send(self.plain, V1 + GET)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.text, "192.0.2.7:40000>198.51.100.1:443 127.0.0.1\n")
        line = self.nproxy.wait_for_log("pp.log", r"^.*\|192\.0\.2\.7\|40000$")
        self.assertIsNotNone(line, self.nproxy.access_log())
        self.assertTrue(line.group(0).startswith("127.0.0.1|"))

    def test_the_header_comes_once_per_connection(self):
        first, second = self.send(self.plain, V1 + GET + GET, count=2)
        self.assertEqual((first.status, second.status), (200, 200))
        self.assertEqual(second.text, first.text)

    def test_unknown_and_local_name_nothing(self):
        r, = self.send(self.plain, b"PROXY UNKNOWN whatever\r\n" + GET)
        self.assertEqual(r.text, ":>: 127.0.0.1\n")
        r, = self.send(self.plain, v2(b"", command=0x20) + GET)
        self.assertEqual(r.text, ":>: 127.0.0.1\n")

    def test_version_2_names_ipv6_addresses_and_skips_tlvs(self):
        r, = self.send(self.plain, v2(INET6_BODY + b"\x01\x00\x02h2", family=0x21) + GET)
        self.assertEqual(r.text, "2001:db8::7:50000>2001:db8::1:8443 127.0.0.1\n")

    def test_realip_takes_the_headers_client_on_any_server_of_the_address(self):
        # the first server's listen has no proxy_protocol; as nginx, the address has it for both
        r, = self.send(self.real, V1 + GET)
        self.assertEqual(r.text, "192.0.2.7 40000 127.0.0.1\n")
        r, = self.send(self.real, V1 + request_bytes("GET", "/", host="other"))
        self.assertEqual(r.status, 204)

    def test_a_missing_header_closes_the_connection_with_nginx_line(self):
        self.assertEqual(self.send(self.plain, GET), b"")
        self.assert_logged(f'[error] .* broken header: "{GET.decode()}" while reading PROXY protocol, '
                           f'client: 127.0.0.1, server: 127.0.0.1:{self.plain}')

    def test_a_bad_port_and_an_unknown_version_are_refused(self):
        bad = b"PROXY TCP4 192.0.2.7 198.51.100.1 40000 65536\r\n"
        self.assertEqual(self.send(self.plain, bad), b"")
        self.assert_logged(f'[error] .* broken header: "{bad.decode()}" while reading PROXY protocol')
        self.assertEqual(self.send(self.plain, v2(INET6_BODY, command=0x31, family=0x21) + GET), b"")
        self.assert_logged("[error] .* unknown PROXY protocol version: 3 while reading PROXY protocol, "
                           f"client: 127.0.0.1, server: 127.0.0.1:{self.plain}")

    def test_tls_after_the_header(self):
        context = tls_client_context(verify=False)
        with socket.create_connection(("127.0.0.1", self.tls), timeout=10) as raw:
            raw.sendall(V1)
            with context.wrap_socket(raw) as sock:
                sock.sendall(GET)
                with sock.makefile("rb") as reader:
                    r = read_response(reader)
        self.assertEqual(r.text, "tls 192.0.2.7 on\n")

    def test_a_tls_listener_reads_at_most_108_bytes_of_header(self):
        # as nginx: an ssl listener peeks 108 bytes for the header, so a longer version 2 one is refused
        with socket.create_connection(("127.0.0.1", self.tls), timeout=10) as raw:
            raw.sendall(v2(INET6_BODY + b"\x04\x00\x80" + b"x" * 128, family=0x21))
            raw.settimeout(10)
            try:
                self.assertEqual(raw.recv(100), b"")
            except ConnectionResetError:
                pass
        self.assert_logged("[error] .* header is too large while reading PROXY protocol, client: 127.0.0.1, "
                           f"server: 127.0.0.1:{self.tls}")

    def assert_logged(self, pattern):
        """Waits for an error log line that matches `pattern`, a regex but for its literal parts: ".*" is the
        only wildcard. The log is read as text, so its CRLFs are LFs."""
        literal = [re.escape(part.replace("\r\n", "\n")) for part in pattern.split(".*")]
        found = self.nproxy.wait_for_log("error.log", ".*".join(literal))
        self.assertIsNotNone(found, self.nproxy.error_log())


if __name__ == "__main__":
    unittest.main()
