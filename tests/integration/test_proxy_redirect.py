"""proxy_redirect (default, off, prefixes with variables, regexes), proxy_method, proxy_set_body and
proxy_pass_request_* over the wire: what the client gets in Location and Refresh, and what the upstream
gets. Each test runs its own nproxy processes on free loopback ports.

The expected answers are nginx 1.22.1's (run with NPROXY=/usr/sbin/nginx to check them by hand)."""

import hashlib
import json
import unittest

from nproxy_testlib import BackgroundServer, Nproxy, fetch, free_ports, http_conf
from test_proxy_http import echo_backend


class ProxyRedirect(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port, cls.backend = free_ports(2)
        p, b = cls.port, cls.backend
        conf = http_conf(f"""
        server {{
            listen 127.0.0.1:{b};
            location / {{
                add_header Refresh "5; url=http://127.0.0.1:{b}$uri";
                return http://127.0.0.1:{b}$uri;
            }}
            location /relative/ {{ absolute_redirect off; return 302 /elsewhere; }}
            location /order/ {{
                add_header X-Up 1;
                add_header Last-Modified "Sat, 28 Nov 2026 15:00:33 GMT";
                return 302 http://x.test/y;
            }}
        }}
        server {{
            listen 127.0.0.1:{p};
            server_name localhost;
            location / {{
                set $name from_var;
                proxy_pass http://127.0.0.1:{b};
                proxy_redirect http://127.0.0.1:{b}/var/ /$name/;
                proxy_redirect ~^(.+)/regex_([a-z]+)/(.*)$ $1/$2/$3;
                proxy_redirect ~*CASE+LESS /caseless/;
            }}
            location /implicit/ {{ proxy_pass http://127.0.0.1:{b}/target/; }}
            location /explicit/ {{
                proxy_pass http://127.0.0.1:{b}/target/;
                proxy_redirect nomatch nomatch;
                proxy_redirect default;
            }}
            location /off/ {{
                proxy_pass http://127.0.0.1:{b}/;
                proxy_redirect off;
                location /off/inner/ {{ proxy_pass http://127.0.0.1:{b}; }}
            }}
            location /relative/ {{ proxy_pass http://127.0.0.1:{b}; }}
            location /order/ {{ proxy_pass http://127.0.0.1:{b}; proxy_redirect off; }}
            location /order-relative/ {{ proxy_pass http://127.0.0.1:{b}/order/; proxy_redirect http://x.test/ /; }}
            location /order-hidden/ {{
                proxy_pass http://127.0.0.1:{b}/order/;
                proxy_hide_header Location;
                proxy_hide_header Last-Modified;
                proxy_hide_header Content-Type;
            }}
        }}""")
        cls.nproxy = Nproxy(conf, [p, b]).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.nproxy.__exit__(None, None, None)

    def get(self, path):
        return fetch(self.port, path)

    def test_default_rule_implicit_and_explicit(self):
        for name in ("implicit", "explicit"):
            r = self.get(f"/{name}/a.html")
            self.assertEqual(r.header("location"), f"http://localhost:{self.port}/{name}/a.html")
            self.assertEqual(r.header("refresh"), f"5; url=/{name}/a.html")

    def test_variable_in_the_replacement(self):
        r = self.get("/var/a.html")
        self.assertEqual(r.header("location"), f"http://localhost:{self.port}/from_var/a.html")
        self.assertEqual(r.header("refresh"), "5; url=/from_var/a.html")

    def test_regex_with_captures_and_caseless(self):
        r = self.get("/regex_caps/a.html")
        self.assertEqual(r.header("location"), f"http://127.0.0.1:{self.backend}/caps/a.html")
        r = self.get("/CaseeeLess/a.html")
        self.assertEqual(r.header("location"), f"http://localhost:{self.port}/caseless/")

    def test_off_is_inherited(self):
        for path in ("/off/a.html", "/off/inner/a.html"):
            r = self.get(path)
            self.assertTrue(r.header("location").startswith(f"http://127.0.0.1:{self.backend}/"), r)

    def test_where_location_and_last_modified_go(self):
        # as nginx: an upstream's fields in the order they came, after Connection; a Location that
        # proxy_redirect made relative is made absolute in Location's own place, before Connection
        names = lambda r: [name for name, _ in r.headers if name not in ("server", "date")]
        r = self.get("/order/a")
        self.assertEqual(names(r), ["content-type", "content-length", "connection", "location", "x-up", "last-modified"])
        self.assertEqual(r.header("location"), "http://x.test/y")
        r = self.get("/order-relative/a")
        self.assertEqual(names(r), ["content-type", "content-length", "location", "connection", "x-up", "last-modified"])
        self.assertEqual(r.header("location"), f"http://localhost:{self.port}/y")
        # proxy_hide_header hides these three too
        self.assertEqual(names(self.get("/order-hidden/a")), ["content-length", "connection", "x-up"])

    def test_unmatched_relative_location_is_passed_as_sent(self):
        r = self.get("/relative/x")
        self.assertEqual((r.status, r.header("location")), (302, "/elsewhere"))


class ProxyMethodAndPassRequest(unittest.TestCase):
    def test_method_constant_variable_inherited_and_request_parts(self):
        port, = free_ports(1)
        conf = http_conf(f"""
        server {{
            listen 127.0.0.1:{port};
            server_name localhost;
            location /preserve {{ proxy_pass http://127.0.0.1:{port}/seen; }}
            location /const {{ proxy_pass http://127.0.0.1:{port}/seen; proxy_method POST; }}
            location /var {{ proxy_pass http://127.0.0.1:{port}/seen; proxy_method $arg_m; }}
            location /parent {{
                proxy_method PUT;
                location /parent/child {{ proxy_pass http://127.0.0.1:{port}/seen; }}
            }}
            location /no_headers {{
                proxy_pass http://127.0.0.1:{port}/seen;
                proxy_pass_request_headers off;
            }}
            location /seen {{ return 200 "$request_method [$http_x_tag]"; }}
        }}""")
        with Nproxy(conf, [port]):
            answers = {p: fetch(port, p, headers=[("X-Tag", "t")]).text
                       for p in ("/preserve", "/const", "/var?m=DELETE", "/parent/child", "/no_headers")}
        self.assertEqual(answers, {"/preserve": "GET [t]", "/const": "POST [t]", "/var?m=DELETE": "DELETE [t]",
                                   "/parent/child": "PUT [t]", "/no_headers": "GET []"})

    def seen_upstream(self, setting, path):
        """What the echo backend saw of a POST through a location with `setting`."""
        port, = free_ports(1)
        with BackgroundServer(echo_backend) as backend:
            conf = http_conf(f"""
            server {{
                listen 127.0.0.1:{port};
                location / {{ proxy_pass http://127.0.0.1:{backend.port}; {setting} }}
            }}""")
            with Nproxy(conf, [port]):
                r = fetch(port, path, method="POST", body=b"from the client", headers=[("Content-Type", "text/plain")])
        return json.loads(r.body)

    def test_set_body_replaces_the_clients(self):
        seen = self.seen_upstream('proxy_set_body "set $arg_x";', "/?x=1")
        headers = {name.lower(): value for name, value in seen["headers"]}
        self.assertEqual((seen["method"], seen["body_length"], seen["body_sha256"]),
                         ("POST", 5, hashlib.sha256(b"set 1").hexdigest()))
        self.assertEqual((headers["content-length"], headers["content-type"]), ("5", "text/plain"))

    def test_request_body_off(self):
        # Beyond nginx on purpose: nginx still announces the client's Content-Length and sends no body,
        # so this upstream would wait for it; nproxy sends neither.
        seen = self.seen_upstream("proxy_pass_request_body off;", "/")
        self.assertEqual((seen["method"], seen["body_length"]), ("POST", 0))


if __name__ == "__main__":
    unittest.main()
