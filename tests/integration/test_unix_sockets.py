"""Unix-domain sockets, as nginx 1.22 uses them: "listen unix:PATH" (the socket made connectable by every
user, deleted when the server stops; its clients have the address "unix:" and no ports), and upstream
peers "server unix:PATH" and "proxy_pass http://unix:PATH:URI" (Host "localhost", $upstream_addr
"unix:PATH", a refused connect() logged naming the socket). Also TLS over them: the front proxies with its
client certificate to an nproxy backend that listens on a unix socket with ssl_verify_client on.

Every expectation here holds for nginx too (NPROXY=/usr/sbin/nginx)."""

import os
import re
import socket
import stat
import tempfile
import unittest

import certs
from nproxy_testlib import (BackgroundServer, Nproxy, Prefix, config_test, fetch, free_ports, http_conf,
                            read_request, read_response, request_bytes)


class Echo:
    """A Python backend on a unix socket that answers each request with its target and Host header."""

    def __init__(self, path):
        self.server = BackgroundServer(self.serve, unix_path=path)

    @staticmethod
    def serve(conn, stop):
        with conn.makefile("rb") as reader:
            got = read_request(reader)
        if got is None:
            return
        _, target, _, headers, _ = got
        host = dict((n.lower(), v) for n, v in headers).get("host")
        body = f"{target} {host}".encode()
        conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))


def unix_fetch(path, target, headers=()):
    """One request over a unix socket; the Response."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(10)
        sock.connect(str(path))
        sock.sendall(request_bytes("GET", target, headers=[*headers, ("Connection", "close")]))
        with sock.makefile("rb") as reader:
            return read_response(reader)


class UnixSockets(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory(prefix="nproxy-unix-")
        d = cls.dir.name
        os.chmod(d, 0o755)  # nginx's worker runs as nobody when the tests run as root
        cls.app = Echo(f"{d}/app.sock")
        cls.app.server.__enter__()
        cls.front_sock = f"{d}/front.sock"
        cls.tls_sock = f"{d}/tls.sock"
        cls.missing = f"{d}/missing.sock"
        cls.port, cls.backend_port = free_ports(2)
        pki = certs.shared_pki()
        cls.backend = Nproxy(http_conf(f"""
            server {{
                listen 127.0.0.1:{cls.backend_port};
                listen unix:{cls.tls_sock} ssl;
                ssl_certificate {pki.server_crt};
                ssl_certificate_key {pki.server_key};
                ssl_client_certificate {pki.ca_crt};
                ssl_verify_client on;
                return 200 "tls $ssl_client_verify $ssl_protocol $remote_addr";
            }}"""), [cls.backend_port])
        cls.backend.__enter__()
        cls.front = Nproxy(http_conf(f"""
            log_format unix '$request_uri $upstream_addr $status';
            access_log logs/unix.log unix;
            upstream app {{ server unix:{d}/app.sock weight=2; }}
            server {{
                listen 127.0.0.1:{cls.port};
                listen unix:{cls.front_sock};
                location /group/ {{ proxy_pass http://app; }}
                location /direct/ {{ proxy_pass http://unix:{d}/app.sock:/base/; }}
                location /whole/ {{ proxy_pass http://unix:{d}/app.sock; }}
                location /variable/ {{
                    set $sock {d}/app.sock;
                    proxy_pass http://unix:$sock:/var$request_uri;
                }}
                location /down/ {{ proxy_pass http://unix:{cls.missing}:/; }}
                proxy_ssl_certificate {pki.client_pem};
                proxy_ssl_certificate_key {pki.client_key};
                proxy_ssl_trusted_certificate {pki.ca_crt};
                proxy_ssl_verify on;
                location /tls/ {{ proxy_pass https://unix:{cls.tls_sock}:/; proxy_ssl_name localhost; }}
                location /tls-default-name/ {{ proxy_pass https://unix:{cls.tls_sock}:/; }}
                location /addresses {{
                    return 200 "[$remote_addr] [$remote_port] [$server_addr] [$server_port] [$binary_remote_addr]";
                }}
                location /moved {{ return 301 /elsewhere; }}
                location /real {{
                    set_real_ip_from unix:;
                    real_ip_header X-Real-IP;
                    add_header X-Addresses "$remote_addr $realip_remote_addr";
                    proxy_pass http://app;
                }}
            }}"""), [cls.port])
        cls.front.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.front.__exit__(None, None, None)
        cls.backend.__exit__(None, None, None)
        cls.app.server.__exit__(None, None, None)
        cls.dir.cleanup()

    def test_upstream_group_of_a_unix_socket(self):
        r = fetch(self.port, "/group/a?b=1")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.text, "/group/a?b=1 app")
        self.assertTrue(self.front.wait_for_log("unix.log", rf"^/group/a\?b=1 unix:{self.dir.name}/app.sock 200$"))

    def test_proxy_pass_to_a_unix_socket(self):
        # the URI part follows the path's ':'; the Host sent is "localhost", as nginx's
        self.assertEqual(fetch(self.port, "/direct/x").text, "/base/x localhost")
        self.assertEqual(fetch(self.port, "/whole/y").text, "/whole/y localhost")
        self.assertEqual(fetch(self.port, "/variable/z").text, "/var/variable/z localhost")
        self.assertTrue(self.front.wait_for_log("unix.log", rf"^/variable/z unix:{self.dir.name}/app.sock 200$"))

    def test_refused_unix_socket(self):
        r = fetch(self.port, "/down/q")
        self.assertEqual(r.status, 502)
        line = self.front.wait_for_log(
            "error.log",
            rf"\[crit\] .*connect\(\) to unix:{self.missing} failed \(2: No such file or directory\) while "
            rf'connecting to upstream, client: 127\.0\.0\.1, server: , request: "GET /down/q HTTP/1\.1", '
            rf'upstream: "http://unix:{self.missing}:/q", host: "localhost"$')
        self.assertIsNotNone(line, self.front.error_log())

    def test_tls_over_unix_sockets_with_a_client_certificate(self):
        r = fetch(self.port, "/tls/")
        self.assertEqual(r.status, 200, self.front.error_log())
        self.assertEqual(r.text, "tls SUCCESS TLSv1.2 unix:")
        # as nginx: the name verified by default is the socket's path, which no certificate names
        r = fetch(self.port, "/tls-default-name/")
        self.assertEqual(r.status, 502)
        line = self.front.wait_for_log(
            "error.log", rf'\[error\] .*upstream SSL certificate does not match "{self.tls_sock}" while SSL '
                         rf'handshaking to upstream, .* upstream: "https://unix:{self.tls_sock}:/", host: "localhost"$')
        self.assertIsNotNone(line, self.front.error_log())

    @unittest.skipIf("nginx" in os.environ.get("NPROXY", ""), "--probe is nproxy's own")
    def test_probe_reaches_a_unix_socket(self):
        code, lines = config_test(self.front.path / "nproxy.conf", self.front.path, extra_args=("--probe",))
        probes = [line for line in lines if "probe of" in line]
        self.assertEqual(code, 0, lines)
        self.assertEqual(len(probes), 2, lines)
        self.assertRegex(probes[0], rf'\[notice\] probe of unix:{self.tls_sock} for "proxy_pass https://unix:'
                                    r'.*": TLSv1\.2 .*, verified, client certificate asked for and sent, ')
        # as nginx would verify it: by the socket's path, which the certificate does not name
        self.assertRegex(probes[1], rf'\[warn\] probe of unix:{self.tls_sock} .* does not match "{self.tls_sock}"')

    def test_listen_on_a_unix_socket(self):
        mode = os.stat(self.front_sock).st_mode
        self.assertTrue(stat.S_ISSOCK(mode))
        self.assertEqual(stat.S_IMODE(mode), 0o666)
        r = unix_fetch(self.front_sock, "/addresses")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.text, f"[unix:] [] [unix:{self.front_sock}] [] [unix:]")
        # a redirect names no port: the socket has none
        r = unix_fetch(self.front_sock, "/moved")
        self.assertEqual(r.header("location"), "http://localhost/elsewhere")
        self.assertEqual(unix_fetch(self.front_sock, "/group/u").text, "/group/u app")

    def test_real_ip_from_unix_sockets(self):
        # "set_real_ip_from unix:" trusts a unix socket's clients, and no address
        real = [("X-Real-IP", "192.0.2.7")]
        self.assertEqual(unix_fetch(self.front_sock, "/real", real).header("x-addresses"), "192.0.2.7 unix:")
        self.assertEqual(fetch(self.port, "/real", headers=real).header("x-addresses"), "127.0.0.1 127.0.0.1")

    def test_unix_socket_deleted_when_stopped(self):
        d = tempfile.mkdtemp(prefix="nproxy-unix-")
        path = f"{d}/stop.sock"
        port = free_ports(1)[0]
        with Nproxy(http_conf(f"server {{ listen 127.0.0.1:{port}; listen unix:{path}; return 200 up; }}"),
                    [port]) as n:
            self.assertEqual(unix_fetch(path, "/").text, "up")
            self.assertEqual(n.stop(), 0)
        self.assertFalse(os.path.exists(path))
        os.rmdir(d)


class UnixSocketConfig(unittest.TestCase):
    def test_errors(self):
        long_path = "/tmp/" + "a" * 120
        cases = [
            ("upstream u { server unix:; } server { location / { proxy_pass http://u; } }",
             'no path in the unix domain socket in upstream "unix:"'),
            (f"upstream u {{ server unix:{long_path}; }} server {{ location / {{ proxy_pass http://u; }} }}",
             f'too long path in the unix domain socket in upstream "unix:{long_path}"'),
            ("server { location / { proxy_pass http://unix::/x; } }",
             'no path in the unix domain socket in upstream "unix::/x"'),
            ("upstream /tmp/a.sock { server 127.0.0.1; } server { location / { proxy_pass http://unix:/tmp/a.sock; } }",
             'upstream "/tmp/a.sock" may not have port 0'),
            ("server { listen unix:; }",
             'no path in the unix domain socket in "unix:" of the "listen" directive'),
        ]
        for body, message in cases:
            with self.subTest(body=body), Prefix() as prefix:
                conf = prefix.write("t.conf", "events {}\nhttp {\n" + body + "\n}\n")
                code, lines = config_test(conf, prefix)
                self.assertNotEqual(code, 0)
                self.assertTrue(any(line.endswith(f"[emerg] {message} in {conf}:3") or
                                    f": {message} in {conf}:3" in line for line in lines), lines)


if __name__ == "__main__":
    unittest.main()
