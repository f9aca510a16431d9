"""satisfy all | any (nginx's access phase): with "any" one access module that allows is enough, a refusal
from both answers auth_basic's 401 (with its WWW-Authenticate) over allow/deny's 403, and nginx's error log
lines (allow/deny's "access forbidden by rule" only when its 403 is the answer, auth_basic's always);
limit_except's rules, a missing password file and error_page in the same phase; an SSI include skips the
phase.
Clients come from 127.0.0.1, 127.0.0.2 and 127.0.0.3, all loopback.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import base64
import re
import socket
import unittest

from nproxy_testlib import Nproxy, free_port, http_conf, read_response, request_bytes

GOOD = [("Authorization", "Basic " + base64.b64encode(b"user:secret").decode())]
BAD = [("Authorization", "Basic " + base64.b64encode(b"user:wrong").decode())]


class Satisfy(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{cls.port};
        server_name satisfy;
        root html;
        satisfy any;
        allow 127.0.0.2;
        deny all;
        auth_basic "closed";
        auth_basic_user_file htpasswd;
        location /any/ {{ }}
        location /all/ {{ satisfy all; }}
        location /rules/ {{ auth_basic off; }}
        location /unmatched/ {{ allow 127.0.0.2; }}
        location /missing/ {{ auth_basic_user_file missing; }}
        location /limit/ {{ limit_except GET {{ allow 127.0.0.3; deny all; }} }}
        location /limit-all/ {{ satisfy all; limit_except GET {{ allow 127.0.0.3; deny all; }} }}
        location /caught/ {{ error_page 401 403 /page.html; }}
        location = /page.html {{ internal; allow all; }}
        location /caught-all/ {{ error_page 401 403 /page-all.html; }}
        location = /page-all.html {{ internal; satisfy all; auth_basic off; allow all; }}
        location /ssi/ {{ ssi on; allow all; }}
    }}""")
        names = ["any", "all", "rules", "unmatched", "missing", "limit", "limit-all", "caught", "caught-all"]
        files = {"htpasswd": "user:{PLAIN}secret\n", "html/page.html": "page\n", "html/page-all.html": "page\n",
                 "html/ssi/f.html": '[<!--# include virtual="/all/f" -->]'}
        files.update({f"html/{name}/f": name + "\n" for name in names})
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port], files=files))
        cls.marks = 0

    def get(self, source, path, headers=(), method="GET"):
        with socket.create_connection(("127.0.0.1", self.port), timeout=10, source_address=(source, 0)) as sock:
            sock.sendall(request_bytes(method, path, headers=list(headers) + [("Connection", "close")]))
            with sock.makefile("rb") as reader:
                return read_response(reader, method=method)

    def status(self, source, path, headers=(), method="GET"):
        return self.get(source, path, headers, method).status

    def log_lines(self, path):
        """The error log's lines for requests to `path`, once a later request's line is there (one worker
        writes them in order)."""
        Satisfy.marks += 1
        mark = f"/all/mark{Satisfy.marks}"
        self.get("127.0.0.1", mark, GOOD)
        self.assertIsNotNone(self.nproxy.wait_for_log("error.log", re.escape(f'request: "GET {mark} ')))
        return [line for line in self.nproxy.error_log().splitlines() if f" {path} HTTP/1.1" in line]

    def assertLogged(self, lines, *patterns):
        for pattern in patterns:
            self.assertTrue(any(re.search(pattern, line) for line in lines), f"{pattern} not in {lines}")

    def assertNotLogged(self, lines, *patterns):
        for pattern in patterns:
            self.assertFalse(any(re.search(pattern, line) for line in lines), f"{pattern} in {lines}")

    def test_an_allowed_address_needs_no_password(self):
        self.assertEqual(self.status("127.0.0.2", "/any/f?allowed"), 200)
        self.assertEqual(self.log_lines("/any/f?allowed"), [])

    def test_a_denied_address_needs_the_password_and_gets_auth_basic_401(self):
        response = self.get("127.0.0.1", "/any/f?none")
        self.assertEqual(response.status, 401)
        self.assertEqual(response.header("www-authenticate"), 'Basic realm="closed"')
        self.assertEqual(self.status("127.0.0.1", "/any/f?good", GOOD), 200)
        response = self.get("127.0.0.1", "/any/f?bad", BAD)
        self.assertEqual((response.status, response.header("www-authenticate")), (401, 'Basic realm="closed"'))
        # auth_basic logs as always; allow/deny's refusal is not the answer, so it is not logged
        none, bad = self.log_lines("/any/f?none"), self.log_lines("/any/f?bad")
        self.assertLogged(none, r"\[info\] .*no user/password was provided for basic authentication")
        self.assertLogged(bad, r'\[error\] .*user "user": password mismatch')
        self.assertNotLogged(none + bad + self.log_lines("/any/f?good"), "access forbidden by rule")

    def test_satisfy_all_needs_both(self):
        self.assertEqual(self.status("127.0.0.2", "/all/f"), 401)
        self.assertEqual(self.status("127.0.0.2", "/all/f", GOOD), 200)
        self.assertEqual(self.status("127.0.0.1", "/all/f?denied", GOOD), 403)
        lines = self.log_lines("/all/f?denied")
        self.assertLogged(lines, r"\[error\] .*access forbidden by rule, client: 127\.0\.0\.1, server: satisfy")
        self.assertNotLogged(lines, "basic authentication")

    def test_with_allow_deny_alone_any_refuses_with_403_logged(self):
        self.assertEqual(self.status("127.0.0.2", "/rules/f"), 200)
        self.assertEqual(self.status("127.0.0.1", "/rules/f?denied"), 403)
        self.assertLogged(self.log_lines("/rules/f?denied"), r"\[error\] .*access forbidden by rule")

    def test_rules_that_match_nothing_allow_nothing(self):
        # allow/deny has no say: the password decides
        self.assertEqual(self.status("127.0.0.1", "/unmatched/f"), 401)
        self.assertEqual(self.status("127.0.0.1", "/unmatched/f", GOOD), 200)
        self.assertEqual(self.status("127.0.0.2", "/unmatched/f"), 200)

    def test_a_missing_password_file_is_403_and_logged_as_forbidden_too(self):
        self.assertEqual(self.status("127.0.0.2", "/missing/f"), 200)
        self.assertEqual(self.status("127.0.0.1", "/missing/f?open", GOOD), 403)
        self.assertLogged(self.log_lines("/missing/f?open"), r'\[error\] .*open\(\) ".*/missing" failed',
                          r"\[error\] .*access forbidden by rule")

    def test_limit_except_rules_or_the_password(self):
        self.assertEqual(self.status("127.0.0.1", "/limit/f", method="POST"), 401)
        self.assertEqual(self.status("127.0.0.1", "/limit/f", GOOD, method="POST"), 405)
        self.assertEqual(self.status("127.0.0.3", "/limit/f", method="POST"), 405)
        # GET is the location's: its own rules (the server's) or the password
        self.assertEqual(self.status("127.0.0.3", "/limit/f"), 401)
        self.assertEqual(self.status("127.0.0.2", "/limit/f"), 200)
        self.assertEqual(self.status("127.0.0.1", "/limit-all/f", GOOD, method="POST"), 403)

    def test_error_page_runs_the_access_phase_again(self):
        # the page's location allows: its "satisfy any" drops the challenge the refusal carried
        response = self.get("127.0.0.1", "/caught/f")
        self.assertEqual((response.status, response.body), (401, b"page\n"))
        self.assertIsNone(response.header("www-authenticate"))
        response = self.get("127.0.0.1", "/caught-all/f")
        self.assertEqual((response.status, response.body), (401, b"page\n"))
        self.assertEqual(response.header("www-authenticate"), 'Basic realm="closed"')

    def test_an_ssi_include_skips_the_access_phase(self):
        # as nginx: only the main request goes through it
        response = self.get("127.0.0.1", "/ssi/f.html")
        self.assertEqual((response.status, response.body), (200, b"[all\n]"))


if __name__ == "__main__":
    unittest.main()
