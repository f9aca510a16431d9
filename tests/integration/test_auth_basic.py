"""auth_basic and auth_basic_user_file: the 401 and its WWW-Authenticate, every password form nginx reads
(Apache's $apr1$, crypt()'s $1$ and $6$, {SHA}, {SSHA}, {PLAIN}), comments, unknown users, a realm with
variables and "off", a missing file (403), allow/deny before it, auth_delay, and nginx's error log lines.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import base64
import time
import unittest

from nproxy_testlib import Nproxy, fetch, free_port, http_conf

PASSWORDS = """\
# a comment line, and a user that only a comment names
#ghost:{PLAIN}boo
apr:$apr1$saltsalt$5MCuaE4VxZK/CDugVarlJ.
md5:$1$ab$asdyqxg4IJTnyL9XrEK2S0
sha512:$6$abcdefgh$86JQsu66XRhBIE.0uFgbn45x0HK7Qvobn1BS1SjvDeQ9EqnAKIqORDUVL9wwCUyhQjkf/CRrOYN1Pct/aiwqI1
sha:{SHA}OYLHmdHE864xkK1OCSSFhcZRqUY=
ssha:{SSHA}vylZ2CgSEXFUsh8ZFUx69RdlmR1OYUNs
plain:{PLAIN}secret6:a comment after the password
"""

ACCOUNTS = [("apr", "secret1"), ("md5", "secret2"), ("sha512", "secret3"), ("sha", "secret4"),
            ("ssha", "secret5"), ("plain", "secret6")]


def basic(user, password):
    return [("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())]


class AuthBasic(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        # static files: "return" answers in the rewrite phase, before auth_basic's access phase
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost;
        root html;
        add_header X-User $remote_user;
        auth_basic "closed site";
        auth_basic_user_file htpasswd;
        location / {{ }}
        location /open/ {{ auth_basic off; }}
        location /realm/ {{ auth_basic $arg_realm; }}
        location /missing/ {{ auth_basic_user_file missing; }}
        location /denied/ {{ deny all; }}
        location /returned/ {{ return 200 "returned"; }}
        location /delayed/ {{ auth_delay 500ms; }}
        location /delayed-denied/ {{ auth_delay 500ms; deny all; }}
    }}""")
        files = {"htpasswd": PASSWORDS, "html/f": "file"}
        files.update({f"html/{name}/f": name for name in ["open", "realm", "missing", "denied", "delayed"]})
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port], files=files))
        cls.file = str(cls.nproxy.path / "htpasswd")

    def get(self, path, headers=()):
        return fetch(self.port, path, headers=headers)

    def logged(self, pattern, level="error"):
        self.assertIsNotNone(self.nproxy.wait_for_log("error.log", rf"\[{level}\] .*" + pattern))

    def test_without_credentials_the_answer_is_401_with_the_realm(self):
        response = self.get("/f")
        self.assertEqual(response.status, 401)
        self.assertEqual(response.header("www-authenticate"), 'Basic realm="closed site"')
        self.logged("no user/password was provided for basic authentication", "info")

    def test_every_password_form(self):
        for user, password in ACCOUNTS:
            with self.subTest(user=user):
                response = self.get("/f", basic(user, password))
                self.assertEqual((response.status, response.header("x-user")), (200, user))
                self.assertEqual(self.get("/f", basic(user, password + "x")).status, 401)
        self.logged('user "apr": password mismatch')

    def test_unknown_users_and_comment_lines(self):
        self.assertEqual(self.get("/f", basic("nobody", "x")).status, 401)
        self.logged(f'user "nobody" was not found in "{self.file}"')
        self.assertEqual(self.get("/f", basic("ghost", "boo")).status, 401)

    def test_off_a_realm_made_off_and_return_let_requests_on(self):
        self.assertEqual(self.get("/open/f").status, 200)
        self.assertEqual(self.get("/realm/f?realm=off").status, 200)
        # "return" answers before the access phase
        self.assertEqual(self.get("/returned/").status, 200)
        response = self.get("/realm/f?realm=abc")
        self.assertEqual((response.status, response.header("www-authenticate")), (401, 'Basic realm="abc"'))

    def test_a_missing_file_is_403(self):
        self.assertEqual(self.get("/missing/f", basic("apr", "secret1")).status, 403)
        self.logged(r'open\(\) ".*/missing" failed \(2: No such file or directory\)')

    def test_deny_comes_first(self):
        self.assertEqual(self.get("/denied/f").status, 403)

    def test_auth_delay_holds_a_401_back(self):
        start = time.monotonic()
        response = self.get("/delayed/f?wrong", basic("plain", "wrong"))
        self.assertGreaterEqual(time.monotonic() - start, 0.5)
        self.assertEqual((response.status, response.header("www-authenticate")), (401, 'Basic realm="closed site"'))
        self.logged(r'delaying unauthorized request, client: .*"GET /delayed/f\?wrong ', "info")
        # neither the password's success nor allow/deny's 403 waits
        start = time.monotonic()
        self.assertEqual(self.get("/delayed/f", basic("plain", "secret6")).status, 200)
        self.assertEqual(self.get("/delayed-denied/f").status, 403)
        self.assertLess(time.monotonic() - start, 0.5)


if __name__ == "__main__":
    unittest.main()
