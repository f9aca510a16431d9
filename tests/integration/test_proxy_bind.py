"""proxy_bind: upstream connections (plain and TLS) leave from the address it names, with a port when it
has one; "off" undoes an inherited one; with variables it is rendered per request, an empty text binding
nothing and a text that is no address logged ("invalid local address") and ignored; a bind that fails
ends the request with 500 and nginx's crit line; -t checks the address and the parameter.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import unittest

import certs
from nproxy_testlib import Nproxy, Prefix, config_test, fetch, free_port, free_ports, http_conf


class ProxyBind(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        pki = certs.shared_pki()
        cls.port, backend, tls_backend, cls.free = free_ports(4)
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{backend};
        listen 127.0.0.1:{tls_backend} ssl;
        ssl_certificate {pki.server_crt};
        ssl_certificate_key {pki.server_key};
        location / {{ return 200 "$remote_addr $remote_port"; }}
    }}
    server {{
        listen 127.0.0.1:{cls.port};
        proxy_bind 127.0.0.2;
        location / {{ proxy_pass http://127.0.0.1:{backend}; }}
        location /tls/ {{ proxy_pass https://127.0.0.1:{tls_backend}/; }}
        location /off/ {{ proxy_bind off; proxy_pass http://127.0.0.1:{backend}; }}
        location /var/ {{ proxy_bind $arg_b; proxy_pass http://127.0.0.1:{backend}; }}
        location /port/ {{ proxy_bind 127.0.0.3:{cls.free}; proxy_pass http://127.0.0.1:{backend}; }}
        location /fails/ {{ proxy_bind 192.0.2.1; proxy_pass http://127.0.0.1:{backend}; }}
    }}""")
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port, backend, tls_backend]))

    def seen(self, path):
        response = fetch(self.port, path)
        self.assertEqual(response.status, 200, response.body)
        address, port = response.text.split()
        return address, int(port)

    def test_connections_leave_from_the_address(self):
        self.assertEqual(self.seen("/x")[0], "127.0.0.2")
        self.assertEqual(self.seen("/tls/x")[0], "127.0.0.2")
        self.assertEqual(self.seen("/off/x")[0], "127.0.0.1")
        self.assertEqual(self.seen(f"/port/x"), ("127.0.0.3", self.free))

    def test_an_address_with_variables(self):
        self.assertEqual(self.seen("/var/x?b=127.0.0.4")[0], "127.0.0.4")
        self.assertEqual(self.seen("/var/x?b=")[0], "127.0.0.1")
        self.assertEqual(self.seen("/var/x?b=bogus")[0], "127.0.0.1")
        self.nproxy.wait_for_log("error.log", r'\[error\] .*invalid local address "bogus", client: 127\.0\.0\.1')

    def test_a_failed_bind_is_a_500(self):
        self.assertEqual(fetch(self.port, "/fails/x").status, 500)
        self.nproxy.wait_for_log("error.log", r"\[crit\] .*bind\(192\.0\.2\.1\) failed \(99: Cannot assign requested "
                                              r"address\) while connecting to upstream, .*upstream: \"http://")


class ProxyBindTest(unittest.TestCase):
    def check(self, lines):
        with Prefix() as prefix:
            server = f"server {{ listen 127.0.0.1:{free_port()}; location / {{ {lines} proxy_pass http://127.0.0.1:1; }} }}"
            return config_test(prefix.write("nproxy.conf", http_conf(server)), prefix)

    def test_the_arguments_are_checked(self):
        for lines, message in [("proxy_bind foo;", 'invalid address "foo"'),
                               ("proxy_bind 127.0.0.1:0;", 'invalid address "127.0.0.1:0"'),
                               ("proxy_bind 127.0.0.1 bar;", 'invalid parameter "bar"'),
                               ("proxy_bind off; proxy_bind 127.0.0.1;", '"proxy_bind" directive is duplicate'),
                               ("proxy_bind $nope;", 'unknown "nope" variable')]:
            code, output = self.check(lines)
            self.assertEqual(code, 1, lines)
            self.assertIn(message, "\n".join(output), lines)
        for lines in ["proxy_bind [::1]:8080;", "proxy_bind ::1;", "proxy_bind 127.0.0.1 transparent;",
                      "proxy_bind $remote_addr transparent;"]:
            self.assertEqual(self.check(lines)[0], 0, lines)


if __name__ == "__main__":
    unittest.main()
