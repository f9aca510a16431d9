"""limit_except as nginx 1.22.1: the block's settings (access rules, logs, proxy_pass) are used for the
methods it does not name, HEAD going with GET; the location's own rewrite directives are not run for them.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import unittest

from nproxy_testlib import Nproxy, fetch, free_ports, http_conf


def limit_except_conf(port, backend):
    """A server on `port` with limit_except blocks, proxying to a backend on `backend` that names what it got."""
    return http_conf(f"""
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        location /ro {{
            limit_except GET {{ deny all; }}
            return 200 "read $request_method";
        }}
        location /proxy/ {{
            proxy_pass http://127.0.0.1:{backend}/;
            limit_except GET POST {{ allow 127.0.0.1; deny all; }}
        }}
        location /closed/ {{
            proxy_pass http://127.0.0.1:{backend}/;
            limit_except GET {{ allow 192.0.2.1; deny all; }}
        }}
    }}
    server {{
        listen 127.0.0.1:{backend};
        location / {{ return 200 "backend $request_method $uri"; }}
    }}""")


class LimitExcept(unittest.TestCase):
    def run(self, result=None):
        self.port, backend = free_ports(2)
        with Nproxy(limit_except_conf(self.port, backend), [self.port, backend]) as self.nproxy:
            return super().run(result)

    def test_named_methods_pass_others_are_denied(self):
        self.assertEqual(fetch(self.port, "/ro").text, "read GET")
        self.assertEqual(fetch(self.port, "/ro", method="HEAD").status, 200)
        for method in ("POST", "PUT", "DELETE", "FOO"):
            with self.subTest(method=method):
                self.assertEqual(fetch(self.port, "/ro", method=method).status, 403)

    def test_allowed_client_is_proxied_as_the_location(self):
        self.assertEqual(fetch(self.port, "/proxy/a", method="PUT").text, "backend PUT /a")
        self.assertEqual(fetch(self.port, "/proxy/a", method="POST").text, "backend POST /a")

    def test_denied_client(self):
        self.assertEqual(fetch(self.port, "/closed/a").text, "backend GET /a")
        self.assertEqual(fetch(self.port, "/closed/a", method="DELETE").status, 403)
        self.assertIn("access forbidden by rule", self.nproxy.error_log())


if __name__ == "__main__":
    unittest.main()
