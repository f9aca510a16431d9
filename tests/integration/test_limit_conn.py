"""nginx's limit_conn module on real requests: while one request with a key is being answered, the next
past the limit is rejected (503, or limit_conn_status) with nginx's log line; dry run lets it through;
$limit_conn_status; the count is given back when the request ends. Each expectation was checked against
nginx 1.22 (NPROXY=/usr/sbin/nginx)."""

import re
import socket
import time
import unittest

from nproxy_testlib import Nproxy, fetch, free_ports, http_conf, request_bytes

BIG = "x" * (256 * 1024)


class LimitConn(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        (cls.port,) = free_ports(1)
        conf = http_conf(f"""
    limit_conn_zone $binary_remote_addr zone=addr:64k;
    limit_conn_zone $binary_remote_addr zone=code:64k;
    limit_conn_zone $binary_remote_addr zone=dry:64k;
    limit_conn_zone $arg_k zone=keyed:64k;
    server {{
        listen 127.0.0.1:{cls.port};
        server_name limits;
        root html;
        add_header X-Limit "$limit_conn_status" always;
        limit_rate 16k;
        location /one {{ limit_conn addr 1; }}
        location /code {{ limit_conn code 1; limit_conn_status 429; limit_conn_log_level warn; }}
        location /dry {{ limit_conn dry 1; limit_conn_dry_run on; }}
        location /keyed {{ limit_conn keyed 1; }}
        location /free {{ }}
    }}""")
        files = {f"html/{name}/{file}": text for name in ["one", "code", "dry", "keyed", "free"]
                 for file, text in [("big", BIG), ("small", "ok\n")]}
        cls.proxy = cls.enterClassContext(Nproxy(conf, [cls.port], files=files))

    def hold(self, path):
        """Starts a request whose slow answer (limit_rate, unread) keeps it going; returns its socket."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        self.addCleanup(s.close)
        s.sendall(request_bytes("GET", path, host="localhost"))
        self.assertIn(b" 200 ", s.recv(64))  # the answer has begun: the request is counted
        return s

    def wait_for_error_line(self, pattern):
        return self.proxy.wait_for_log("error.log", pattern)

    def test_a_second_request_is_rejected_while_the_first_is_answered(self):
        held = self.hold("/one/big")
        r = fetch(self.port, "/one/small")
        self.assertEqual((r.status, r.header("x-limit")), (503, "REJECTED"))
        self.assertTrue(self.wait_for_error_line(
            r'\[error\] \d+#\d+: \*\d+ limiting connections by zone "addr", client: 127\.0\.0\.1, server: limits, '
            r'request: "GET /one/small HTTP/1\.1", host: "localhost"$'), self.proxy.error_log())
        self.assertEqual(fetch(self.port, "/free/small").status, 200)  # no limit there
        held.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the first request ends once the server sees the close
            r = fetch(self.port, "/one/small")
            if r.status == 200:
                break
            time.sleep(0.1)
        self.assertEqual((r.status, r.header("x-limit")), (200, "PASSED"))

    def test_the_status_and_log_level_are_configurable(self):
        self.hold("/code/big")
        self.assertEqual(fetch(self.port, "/code/small").status, 429)
        self.assertTrue(self.wait_for_error_line(r'\[warn\] \d+#\d+: \*\d+ limiting connections by zone "code"'),
                        self.proxy.error_log())

    def test_a_dry_run_lets_the_request_through(self):
        self.hold("/dry/big")
        r = fetch(self.port, "/dry/small")
        self.assertEqual((r.status, r.header("x-limit"), len(r.body)), (200, "REJECTED_DRY_RUN", 3))
        self.assertTrue(self.wait_for_error_line(r'limiting connections, dry run, by zone "dry"'),
                        self.proxy.error_log())

    def test_keys_count_apart_and_an_empty_key_is_not_limited(self):
        self.hold("/keyed/big?k=a")
        self.assertEqual(fetch(self.port, "/keyed/small?k=a").status, 503)
        r = fetch(self.port, "/keyed/small?k=b")
        self.assertEqual((r.status, r.header("x-limit")), (200, "PASSED"))
        self.hold("/keyed/big")
        r = fetch(self.port, "/keyed/small")
        self.assertEqual((r.status, r.header("x-limit")), (200, None))


if __name__ == "__main__":
    unittest.main()
