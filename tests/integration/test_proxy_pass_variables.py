"""proxy_pass with variables: what the evaluated URL names (an upstream group, an address, a name the
`resolver` resolves), the URI sent, nginx's errors, and the resolver's queries, cache and timeout. Names are
answered by a tiny DNS server in the test, on a loopback UDP port.

The expected answers and log lines are nginx 1.22.1's (run with NPROXY=/usr/sbin/nginx to check them)."""

import socket
import struct
import threading
import time
import unittest

import certs
from nproxy_testlib import BackgroundServer, Nproxy, fetch, free_ports, http_conf, read_request

A, AAAA = 1, 28


class DnsServer:
    """Answers A and AAAA questions from `records` ({name: [(type, address, ttl)]}); a name in `silent` gets
    no answer, any other name NXDOMAIN. Every question asked is kept in `asked` as (name, type).
    Over UDP, a name in `truncated` gets a truncated answer of 127.0.0.99 (TC set); over TCP (on the same
    port number) its true one."""

    def __init__(self, records, silent=(), truncated=()):
        self.records = records
        self.silent = set(silent)
        self.truncated = set(truncated)
        self.asked = []
        while True:  # a UDP port whose TCP twin is free too
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.bind(("127.0.0.1", 0))
            self.port = self.sock.getsockname()[1]
            self.tcp = socket.socket()
            try:
                self.tcp.bind(("127.0.0.1", self.port))
                break
            except OSError:
                self.sock.close()
                self.tcp.close()
        self.sock.settimeout(0.2)
        self.tcp.listen(8)
        self.tcp.settimeout(0.2)
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._serve, daemon=True),
                         threading.Thread(target=self._serve_tcp, daemon=True)]

    def __enter__(self):
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for t in self._threads:
            t.join(timeout=5)
        self.sock.close()
        self.tcp.close()

    def _serve_tcp(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.tcp.accept()
            except socket.timeout:
                continue
            conn.settimeout(5)
            with conn, conn.makefile("rb") as reader:
                # one query after another on the connection, until the client closes it (or is idle)
                try:
                    while len(head := reader.read(2)) == 2:
                        answer = self._answer(reader.read(struct.unpack("!H", head)[0]), tcp=True)
                        conn.sendall(struct.pack("!H", len(answer)) + answer)
                except OSError:
                    pass

    def questions(self, name):
        return [qtype for asked, qtype in self.asked if asked == name]

    def _serve(self):
        while not self._stop.is_set():
            try:
                query, peer = self.sock.recvfrom(4096)
            except socket.timeout:
                continue
            answer = self._answer(query, tcp=False)
            if answer:
                self.sock.sendto(answer, peer)

    def _answer(self, query, tcp):
        ident = struct.unpack("!H", query[:2])[0]
        labels, at = [], 12
        while query[at]:
            labels.append(query[at + 1:at + 1 + query[at]].decode())
            at += 1 + query[at]
        qtype = struct.unpack("!H", query[at + 1:at + 3])[0]
        question = query[12:at + 5]
        name = ".".join(labels).lower()
        self.asked.append((name, qtype))
        if name in self.silent:
            return None
        if name in self.truncated and not tcp:
            data = socket.inet_aton("127.0.0.99") if qtype == A else b""
            record = struct.pack("!HHHIH", 0xc00c, A, 1, 60, 4) + data if data else b""
            return struct.pack("!6H", ident, 0x8380, 1, 1 if data else 0, 0, 0) + question + record
        if name not in self.records:
            return struct.pack("!6H", ident, 0x8183, 1, 0, 0, 0) + question
        answers = b""
        count = 0
        for rtype, address, ttl in self.records[name]:
            if rtype != qtype:
                continue
            data = socket.inet_pton(socket.AF_INET if rtype == A else socket.AF_INET6, address)
            answers += struct.pack("!HHHIH", 0xc00c, rtype, 1, ttl, len(data)) + data
            count += 1
        return struct.pack("!6H", ident, 0x8180, 1, count, 0, 0) + question + answers


def target_backend(conn, stop):
    """Answers with the request target it got, in the body."""
    with conn.makefile("rb") as reader:
        request = read_request(reader)
    if request is None:
        return
    body = request[1].encode()
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n"
                 + body)


def conf(port, backend_port, dns_port, location_extra=""):
    return http_conf(f"""
    log_format addr '$status $upstream_addr';
    upstream u {{ server 127.0.0.1:{backend_port}; }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        add_header X-Addr $upstream_addr always;
        location /host/ {{ proxy_pass http://$arg_h; }}
        location /uri/ {{ proxy_pass http://$arg_h/fixed; }}
        location /scheme/ {{ proxy_pass $arg_s://$arg_h; }}
        location /named/ {{
            resolver 127.0.0.1:{dns_port};
            resolver_timeout 1s;
            proxy_pass http://$arg_h:{backend_port};
            {location_extra}
        }}
        location /v4/ {{
            resolver 127.0.0.1:{dns_port} ipv6=off valid=1s;
            proxy_pass http://$arg_h:{backend_port};
        }}
    }}""")


class ProxyPassVariables(unittest.TestCase):
    def setUp(self):
        self.port, = free_ports(1)

    def run_with(self, records=None, silent=(), location_extra="", truncated=()):
        """Starts a backend, the DNS server and nproxy; returns (backend, dns, nproxy) entered."""
        backend = BackgroundServer(target_backend).__enter__()
        self.addCleanup(backend.__exit__, None, None, None)
        dns = DnsServer(records or {}, silent, truncated).__enter__()
        self.addCleanup(dns.__exit__, None, None, None)
        n = Nproxy(conf(self.port, backend.port, dns.port, location_extra), [self.port]).__enter__()
        self.addCleanup(n.__exit__, None, None, None)
        return backend, dns, n

    def test_an_address_is_used_as_it_is_and_the_request_uri_goes_unchanged(self):
        backend, _, _ = self.run_with()
        r = fetch(self.port, f"/host/a%20b?h=127.0.0.1:{backend.port}&x=1")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, f"/host/a%20b?h=127.0.0.1:{backend.port}&x=1".encode())
        self.assertEqual(r.header("X-Addr"), f"127.0.0.1:{backend.port}")

    def test_a_uri_part_replaces_the_whole_request_uri(self):
        backend, _, _ = self.run_with()
        r = fetch(self.port, f"/uri/more?h=127.0.0.1:{backend.port}")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, b"/fixed")

    def test_the_scheme_may_come_from_a_variable(self):
        backend, _, n = self.run_with()
        r = fetch(self.port, f"/scheme/x?s=http&h=127.0.0.1:{backend.port}")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, f"/scheme/x?s=http&h=127.0.0.1:{backend.port}".encode())
        # as nginx: a URL that is none once evaluated is a 500, and its error line
        r = fetch(self.port, f"/scheme/y?s=ftp&h=127.0.0.1:{backend.port}")
        self.assertEqual(r.status, 500)
        self.assertIsNotNone(n.wait_for_log("error.log", rf'\[error\] .*invalid URL prefix in '
                                                         rf'"ftp://127\.0\.0\.1:{backend.port}", client: '))

    def test_an_upstream_block_is_named_without_a_port(self):
        backend, _, n = self.run_with()
        r = fetch(self.port, "/host/?h=u")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("X-Addr"), f"127.0.0.1:{backend.port}")
        # with a port, "u" is no group: a name, and there is no resolver here
        r = fetch(self.port, f"/host/?h=u:{backend.port}")
        self.assertEqual(r.status, 502)
        self.assertIn("no resolver defined to resolve u, client: 127.0.0.1", n.error_log())

    def test_a_name_is_resolved_and_kept_for_its_ttl(self):
        backend, dns, _ = self.run_with({"backend.test": [(A, "127.0.0.1", 3600)]})
        for _ in range(2):
            r = fetch(self.port, "/named/x?h=backend.test")
            self.assertEqual(r.status, 200)
            self.assertEqual(r.body, b"/named/x?h=backend.test")
            self.assertEqual(r.header("X-Addr"), f"127.0.0.1:{backend.port}")
        # both types asked once: the second request took the answer kept
        self.assertEqual(sorted(dns.questions("backend.test")), [A, AAAA])

    def test_valid_bounds_the_cache_and_ipv6_off_asks_for_a_only(self):
        _, dns, _ = self.run_with({"short.test": [(A, "127.0.0.1", 3600)]})
        self.assertEqual(fetch(self.port, "/v4/?h=short.test").status, 200)
        self.assertEqual(fetch(self.port, "/v4/?h=short.test").status, 200)
        self.assertEqual(dns.questions("short.test"), [A])
        time.sleep(2.1)
        self.assertEqual(fetch(self.port, "/v4/?h=short.test").status, 200)
        self.assertEqual(dns.questions("short.test"), [A, A])

    def test_every_address_is_a_peer_tried_in_turn(self):
        # nothing listens on 127.0.0.2: the next address answers
        backend, _, n = self.run_with({"two.test": [(A, "127.0.0.2", 60), (A, "127.0.0.1", 60)]})
        r = fetch(self.port, "/named/?h=two.test")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("X-Addr"), f"127.0.0.2:{backend.port}, 127.0.0.1:{backend.port}")
        self.assertIn("connect() failed (111: Connection refused) while connecting to upstream", n.error_log())

    def test_a_truncated_answer_is_asked_again_over_tcp(self):
        backend, _, _ = self.run_with({"big.test": [(A, "127.0.0.1", 60)]}, truncated=["big.test"])
        r = fetch(self.port, "/named/?h=big.test")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("X-Addr"), f"127.0.0.1:{backend.port}")

    def test_an_unknown_name_is_502_host_not_found(self):
        _, _, n = self.run_with()
        r = fetch(self.port, "/named/?h=missing.test")
        self.assertEqual(r.status, 502)
        self.assertIn("missing.test could not be resolved (3: Host not found), client: 127.0.0.1", n.error_log())

    def test_an_unanswered_query_is_502_after_resolver_timeout(self):
        _, dns, n = self.run_with(silent=["quiet.test"])
        started = time.monotonic()
        r = fetch(self.port, "/named/?h=quiet.test")
        took = time.monotonic() - started
        self.assertEqual(r.status, 502)
        self.assertGreaterEqual(took, 0.9)
        self.assertLess(took, 4)
        self.assertIn("quiet.test could not be resolved (110: Operation timed out), client: 127.0.0.1",
                      n.error_log())


class HttpsByName(unittest.TestCase):
    """proxy_pass https://$name: the URL's host is the name verified and sent as SNI (proxy_ssl_name's
    default), for each name on its own, though they resolve to one address."""

    def test_the_host_in_the_url_is_the_tls_name(self):
        pki = certs.shared_pki()
        front, backend_port = free_ports(2)
        backends = "".join(f"""
    server {{
        listen 127.0.0.1:{backend_port} ssl;
        server_name {name};
        ssl_certificate {pki.dir / 'server.crt'};
        ssl_certificate_key {pki.dir / 'server.key'};
        location / {{ return 200 "{name}"; }}
    }}""" for name in ("backend1.example.com", "backend2.example.com"))
        records = {name: [(A, "127.0.0.1", 60)] for name in ("backend1.example.com", "backend2.example.com",
                                                            "other.test")}
        with DnsServer(records) as dns, Nproxy(http_conf(backends), [backend_port]), Nproxy(http_conf(f"""
    server {{
        listen 127.0.0.1:{front};
        location / {{
            resolver 127.0.0.1:{dns.port} ipv6=off;
            proxy_pass https://$arg_h:{backend_port};
            proxy_ssl_server_name on;
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate {pki.ca_crt};
        }}
    }}"""), [front]) as n:
            for name in ("backend2.example.com", "backend1.example.com", "backend2.example.com"):
                r = fetch(front, f"/?h={name}")
                self.assertEqual((r.status, r.body), (200, name.encode()))
            self.assertEqual(fetch(front, "/?h=other.test").status, 502)
            self.assertIn('upstream SSL certificate does not match "other.test" while SSL handshaking to upstream',
                          n.error_log())


if __name__ == "__main__":
    unittest.main()
