"""Logs sent to syslog, as nginx 1.22 sends them: "error_log syslog:..." and "access_log syslog:..." each
line one datagram, over UDP or a unix socket, "<PRI>Mmm dd hh:mm:ss HOSTNAME TAG: " then the line without
its line end (an error log line keeps its own time, and goes at its own level as severity); facility=,
severity=, tag= and nohostname as nginx reads them.

Every expectation here holds for nginx too (NPROXY=/usr/sbin/nginx)."""

import os
import re
import socket
import tempfile
import time
import unittest

from nproxy_testlib import Nproxy, fetch, free_ports, http_conf


class Datagrams:
    """A datagram socket (UDP on loopback, or a unix socket at `path`) that keeps what it receives."""

    def __init__(self, path=None):
        if path:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            self.sock.bind(path)
            os.chmod(path, 0o666)  # nginx's worker writes as nobody when the tests run as root
        else:
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.bind(("127.0.0.1", 0))
            self.port = self.sock.getsockname()[1]
        self.sock.settimeout(0.2)

    def wait_for(self, pattern, timeout=5.0):
        """The first datagram (as text) matching `pattern` within `timeout` s; None when none came."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                text = self.sock.recv(65536).decode()
            except socket.timeout:
                continue
            if re.search(pattern, text):
                return text
        return None


class Syslog(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory(prefix="nproxy-syslog-")
        os.chmod(cls.dir.name, 0o755)
        cls.udp = Datagrams()
        cls.unix = Datagrams(f"{cls.dir.name}/log.sock")
        (cls.port,) = free_ports(1)
        cls.nproxy = Nproxy(http_conf(f"""
            log_format short '$request_method $uri $status';
            server {{
                listen 127.0.0.1:{cls.port};
                error_log syslog:server=127.0.0.1:{cls.udp.port},tag=nproxy_test warn;
                location / {{
                    access_log syslog:server=unix:{cls.dir.name}/log.sock,facility=local0,severity=notice,nohostname
                               short;
                    return 200 ok;
                }}
                location /missing {{ root html; }}
            }}"""), [cls.port])
        cls.nproxy.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.nproxy.__exit__(None, None, None)
        cls.dir.cleanup()

    def test_access_log_line_to_a_unix_socket(self):
        fetch(self.port, "/hello")
        # local0 (16) * 8 + notice (5) = 133, no host name
        line = self.unix.wait_for(r"GET /hello 200")
        self.assertIsNotNone(line)
        self.assertRegex(line, r"^<133>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d nginx: GET /hello 200$")

    def test_error_log_line_over_udp_at_its_level(self):
        fetch(self.port, "/missing/file")
        line = self.udp.wait_for(r"missing/file")
        self.assertIsNotNone(line)
        # local7 (23) * 8 + error (3) = 187; the host name, the tag, then the whole line with its own time
        host = socket.gethostname().lower()
        self.assertRegex(line, rf"^<187>[A-Z][a-z]{{2}} [ \d]\d \d\d:\d\d:\d\d {re.escape(host)} nproxy_test: "
                               r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[error\] \d+#\d+: \*\d+ open\(\) "
                               r'".*/html/missing/file" failed \(2: No such file or directory\), client: 127\.0\.0\.1, '
                               r'server: , request: "GET /missing/file HTTP/1\.1", host: "localhost"$')


if __name__ == "__main__":
    unittest.main()
