"""allow and deny (nginx's access module) on any location: rules checked in the order written, a level with
rules of its own inheriting none, each address family checked against its own rules, 403 and nginx's error
log line for a denied client, and the rewrite phase (return) running before the access phase, as nginx.
Clients come from 127.0.0.1 and 127.0.0.2, both loopback."""

import socket
import unittest

from nproxy_testlib import Nproxy, error_page, free_ports, http_conf, read_response, request_bytes


def get(source, port, path):
    with socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0)) as sock:
        sock.sendall(request_bytes("GET", path, headers=[("Connection", "close")]))
        with sock.makefile("rb") as reader:
            return read_response(reader)


class AccessRules(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        (cls.port,) = free_ports(1)
        conf = http_conf(f"""
    allow 10.0.0.0/8;
    server {{
        listen 127.0.0.1:{cls.port};
        server_name access;
        root html;
        allow 127.0.0.2;
        deny 127.0.0.0/8;
        location /inherit {{ }}
        location /own {{ allow 127.0.0.1; deny all; }}
        location /nested {{
            deny 127.0.0.1;
            location /nested/inner {{ }}
            location /nested/open {{ allow all; }}
        }}
        location /v6 {{ deny ::1; }}
        location /cidr {{ deny 127.0.0.2/31; }}
        location /return {{ deny all; return 200 "rewrite phase first\\n"; }}
    }}""")
        cls.proxy = cls.enterClassContext(Nproxy(conf, [cls.port], files={"html/inherit": "inherit\n"}))

    def status(self, source, path):
        return get(source, self.port, path).status

    def test_the_server_level_applies_where_a_location_has_no_rules(self):
        self.assertEqual(self.status("127.0.0.2", "/inherit"), 200)
        denied = get("127.0.0.1", self.port, "/inherit")
        self.assertEqual(denied.status, 403)
        self.assertEqual(denied.body, error_page("403 Forbidden", denied.header("server")))

    def test_a_location_with_rules_inherits_none(self):
        self.assertEqual(self.status("127.0.0.1", "/own"), 404)
        self.assertEqual(self.status("127.0.0.2", "/own"), 403)
        # a nested location inherits its parent's: 127.0.0.2 is no longer allowed by the server's rules
        self.assertEqual(self.status("127.0.0.1", "/nested/inner"), 403)
        self.assertEqual(self.status("127.0.0.2", "/nested/inner"), 404)
        self.assertEqual(self.status("127.0.0.1", "/nested/open"), 404)

    def test_first_match_wins_and_cidr(self):
        self.assertEqual(self.status("127.0.0.2", "/cidr"), 403)
        self.assertEqual(self.status("127.0.0.3", "/cidr"), 403)
        self.assertEqual(self.status("127.0.0.4", "/cidr"), 404)

    def test_ipv6_rules_leave_ipv4_clients_alone(self):
        self.assertEqual(self.status("127.0.0.1", "/v6"), 404)

    def test_return_runs_before_access(self):
        response = get("127.0.0.1", self.port, "/return")
        self.assertEqual((response.status, response.body), (200, b"rewrite phase first\n"))

    def test_denied_request_is_logged_as_nginx_logs_it(self):
        get("127.0.0.1", self.port, "/own/../inherit")
        self.assertTrue(self.proxy.wait_for_log(
            "error.log", r'\[error\] \d+#\d+: \*\d+ access forbidden by rule, client: 127\.0\.0\.1, server: access, '
                         r'request: "GET /own/\.\./inherit HTTP/1\.1", host: "localhost"$'))
        # the access log is written by its own thread
        self.assertTrue(self.proxy.wait_for_log(
            "access.log", r'^127\.0\.0\.1 - - \[.*\] "GET /own/\.\./inherit HTTP/1\.1" 403 '))


if __name__ == "__main__":
    unittest.main()
