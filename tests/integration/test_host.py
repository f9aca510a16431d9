"""The host a request names, checked as nginx 1.22.1 checks it (ngx_http_validate_host and the request
line's grammar for absolute targets): what $host becomes, and which hosts are answered with 400.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import unittest

from nproxy_testlib import Nproxy, exchange, free_port, http_conf, request_bytes


class Host(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost;
        location / {{ return 200 "[$host]"; }}
    }}""")
        cls.nproxy = Nproxy(conf, [cls.port])
        cls.nproxy.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.nproxy.__exit__(None, None, None)

    def answer(self, target="/", host="localhost"):
        r = exchange(self.port, request_bytes("GET", target, host=host, version="HTTP/1.0"))[0]
        return r.text if r.status == 200 else r.status

    def test_host_header_is_lowered_without_port_and_trailing_dot(self):
        self.assertEqual(self.answer(host="WWW.Example.COM.:8080"), "[www.example.com]")
        self.assertEqual(self.answer(host="[abcd::ef98:0:7654:321]:80"), "[[abcd::ef98:0:7654:321]]")
        self.assertEqual(self.answer(host="[V0A.B:C]"), "[[v0a.b:c]]")

    def test_bad_host_headers_are_400(self):
        for host in ("", ".", "..example.com", "example.com/x", "[abcd::e/98]", "[::1]..:98", "local\x02host"):
            with self.subTest(host=host):
                self.assertEqual(self.answer(host=host), 400)

    def test_host_header_nginx_lets_through(self):
        # nginx 1.22 on Unix: a backslash is no path separator, and an unclosed literal runs to the end
        self.assertEqual(self.answer(host="exa\\mple.com"), "[exa\\mple.com]")
        self.assertEqual(self.answer(host="[abcd::1"), "[[abcd::1]")

    def test_absolute_target_names_the_host(self):
        self.assertEqual(self.answer("http://AbC.Example.COM.:2/"), "[abc.example.com]")
        self.assertEqual(self.answer("ftp://[::FFFF:12.30.67.89]:4321?a"), "[[::ffff:12.30.67.89]]")

    def test_bad_absolute_targets_are_400(self):
        for target in ("http:///", "http://./", "http://a..b/", "http://1.2.3.4:9000:80/", "http://a.:1.2/",
                       "http://\\e/x.com/", "http://[::1].:98/", "http://x[::1]/", "http://[::1/", "http://[a\\::1]/"):
            with self.subTest(target=target):
                self.assertEqual(self.answer(target), 400)

    def test_host_complaints_are_logged_as_nginx(self):
        self.assertEqual(self.answer(host="bad..host"), 400)
        self.assertIsNotNone(self.nproxy.wait_for_log(
            "error.log", r'\[info\] .*client sent invalid host header while reading client request headers, '
                         r'client: 127\.0\.0\.1, server: localhost, request: "GET / HTTP/1\.0", host: "bad\.\.host"'))
        r = exchange(self.port, request_bytes("GET", "/", host=None))[0]
        self.assertEqual(r.status, 400)
        self.assertIsNotNone(self.nproxy.wait_for_log(
            "error.log", r'client sent HTTP/1\.1 request without "Host" header while reading client request headers'))

    def test_request_line_complaints_are_logged_as_nginx(self):
        self.assertEqual(self.answer("http://a..b/"), 400)
        self.assertIsNotNone(self.nproxy.wait_for_log(
            "error.log", r'\[info\] .*client sent invalid host in request line while reading client request line, '
                         r'client: 127\.0\.0\.1, server: localhost, request: "GET http://a\.\.b/ HTTP/1\.0"$'))
        self.assertEqual(self.answer("http://a@b/"), 400)
        self.assertIsNotNone(self.nproxy.wait_for_log(
            "error.log", r'client sent invalid request while reading client request line, client: 127\.0\.0\.1, '
                         r'server: localhost, request: "GET http://a@b/ HTTP/1\.0"$'))

    def test_absolute_target_still_needs_a_valid_host_header(self):
        self.assertEqual(self.answer("http://example.com/", host="a..b"), 400)


if __name__ == "__main__":
    unittest.main()
