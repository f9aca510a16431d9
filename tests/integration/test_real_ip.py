"""realip: set_real_ip_from, real_ip_header (X-Real-IP, X-Forwarded-For, any header) and
real_ip_recursive give $remote_addr and $remote_port the client a trusted proxy names, for access rules
and error logs too, while $realip_remote_addr keeps the connection's; the server's settings apply as soon
as the header is read, a location's when its phases start.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import unittest

from nproxy_testlib import Nproxy, Prefix, config_test, fetch, free_port, http_conf


class RealIp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        # static files: a location's own realip settings apply after the rewrite phase ("return")
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost;
        root html;
        set_real_ip_from 127.0.0.1;
        add_header X-Addr "$remote_addr|$remote_port|$realip_remote_addr";
        location /xff/ {{ real_ip_header X-Forwarded-For; }}
        location /recursive/ {{
            set_real_ip_from 127.0.0.1;
            set_real_ip_from 10.0.0.0/8;
            real_ip_header X-Forwarded-For;
            real_ip_recursive on;
        }}
        location /custom/ {{ real_ip_header X-Client; }}
        location /deny/ {{ deny 192.0.2.1; }}
        location /returned/ {{ real_ip_header X-Client; return 200 "$remote_addr"; }}
    }}""")
        files = {f"html/{name}/f": name for name in ["xff", "recursive", "custom", "deny"]}
        files["html/f"] = "f"
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port], files=files))

    def addr(self, path, headers):
        response = fetch(self.port, path, headers=headers)
        return response.status, response.header("x-addr")

    def test_x_real_ip_with_and_without_a_port(self):
        self.assertEqual(self.addr("/f", [("X-Real-IP", "192.0.2.7")]), (200, "192.0.2.7||127.0.0.1"))
        self.assertEqual(self.addr("/f", [("X-Real-IP", "192.0.2.7:5555")]), (200, "192.0.2.7|5555|127.0.0.1"))
        status, addr = self.addr("/f", [])
        self.assertRegex(addr, r"^127\.0\.0\.1\|\d+\|127\.0\.0\.1$")
        # not an address: the connection's stays
        self.assertRegex(self.addr("/f", [("X-Real-IP", "nonsense")])[1], r"^127\.0\.0\.1\|\d+\|")

    def test_x_forwarded_for_takes_the_last_address_or_walks_back_past_trusted_ones(self):
        xff = [("X-Forwarded-For", "192.0.2.9, 10.1.1.1")]
        self.assertEqual(self.addr("/xff/f", xff), (200, "10.1.1.1||127.0.0.1"))
        self.assertEqual(self.addr("/recursive/f", xff), (200, "192.0.2.9||127.0.0.1"))
        lines = [("X-Forwarded-For", "192.0.2.10"), ("X-Forwarded-For", "10.2.2.2")]
        self.assertEqual(self.addr("/recursive/f", lines), (200, "192.0.2.10||127.0.0.1"))

    def test_any_header_and_ipv6(self):
        self.assertEqual(self.addr("/custom/f", [("X-Client", "[2001:db8:0::1]:80")]),
                         (200, "2001:db8::1|80|127.0.0.1"))

    def test_the_location_settings_wait_for_its_phases(self):
        # "return" answers in the rewrite phase: only the server's settings (X-Real-IP) have applied
        response = fetch(self.port, "/returned/", headers=[("X-Client", "192.0.2.5"), ("X-Real-IP", "192.0.2.6")])
        self.assertEqual(response.body, b"192.0.2.6")

    def test_access_rules_and_the_error_log_see_the_real_address(self):
        self.assertEqual(self.addr("/deny/f", [("X-Real-IP", "192.0.2.1")])[0], 403)
        self.assertEqual(self.addr("/deny/f", [("X-Real-IP", "192.0.2.2")])[0], 200)
        self.assertEqual(fetch(self.port, "/none", headers=[("X-Real-IP", "192.0.2.3")]).status, 404)
        logged = self.nproxy.wait_for_log("error.log", r'open\(\) ".*/none" failed .*client: 192\.0\.2\.3,')
        self.assertIsNotNone(logged)


class RealIpCheck(unittest.TestCase):
    def test_a_name_that_does_not_resolve(self):
        with Prefix() as prefix:
            server = "server { listen 127.0.0.1:8080; set_real_ip_from no-such-host.invalid; }"
            code, lines = config_test(prefix.write("nproxy.conf", http_conf(server)), prefix)
        self.assertEqual(code, 1)
        self.assertIn('host not found in set_real_ip_from "no-such-host.invalid"', "\n".join(lines))


if __name__ == "__main__":
    unittest.main()
