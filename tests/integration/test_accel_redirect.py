"""X-Accel-Redirect as nginx 1.22 follows it: an upstream answer naming a URI there is not passed on; the
request goes to that URI by an internal redirect (a POST as a GET), or to a named location, with the
answer's Content-Type, Set-Cookie, Content-Disposition, Cache-Control, Expires and Accept-Ranges kept and
its other headers dropped; an unsafe URI ends in 404.

Every expectation here holds for nginx too (NPROXY=/usr/sbin/nginx)."""

import unittest
from urllib.parse import parse_qs, urlsplit

from nproxy_testlib import BackgroundServer, Nproxy, fetch, free_ports, http_conf, read_request


def backend(conn, stop):
    """Answers with X-Accel-Redirect set to the request's "xar" argument, and headers to keep or drop."""
    with conn.makefile("rb") as reader:
        got = read_request(reader)
    if got is None:
        return
    target = parse_qs(urlsplit(got[1]).query).get("xar", [""])[0]
    conn.sendall(("HTTP/1.1 200 OK\r\nConnection: close\r\nX-Accel-Redirect: " + target + "\r\n"
                  "Content-Type: text/blah\r\nSet-Cookie: a=b\r\nCache-Control: no-cache\r\nSomething: other\r\n"
                  "Content-Length: 8\r\n\r\nupstream").encode("latin-1"))


class AccelRedirect(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.backend = BackgroundServer(backend)
        cls.backend.__enter__()
        (cls.port,) = free_ports(1)
        cls.nproxy = Nproxy(http_conf(f"""
            server {{
                listen 127.0.0.1:{cls.port};
                location /proxy {{ proxy_pass http://127.0.0.1:{cls.backend.port}; }}
                location /ignored {{
                    proxy_ignore_headers X-Accel-Redirect;
                    proxy_pass http://127.0.0.1:{cls.backend.port};
                }}
                location /target {{ return 200 "at $uri ($args) by $request_method"; }}
                location @named {{ return 200 "named at $uri"; }}
            }}"""), [cls.port])
        cls.nproxy.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.nproxy.__exit__(None, None, None)
        cls.backend.__exit__(None, None, None)

    def test_the_request_goes_to_the_uri_as_a_get_with_some_headers_kept(self):
        r = fetch(self.port, "/proxy?xar=/target/a%20b?x=1", method="POST", body=b"data")
        self.assertEqual((r.status, r.body), (200, b"at /target/a b (x=1) by GET"))
        self.assertEqual((r.header("content-type"), r.header("set-cookie"), r.header("cache-control")),
                         ("text/blah", "a=b", "no-cache"))
        self.assertIsNone(r.header("something"))
        self.assertIsNone(r.header("x-accel-redirect"))

    def test_proxy_ignore_headers_passes_the_answer_on(self):
        r = fetch(self.port, "/ignored?xar=/target/x")
        self.assertEqual((r.status, r.body), (200, b"upstream"))
        self.assertEqual(r.header("something"), "other")
        self.assertIsNone(r.header("x-accel-redirect"))  # as nginx: hidden all the same

    def test_a_named_location_keeps_the_uri(self):
        r = fetch(self.port, "/proxy?xar=@named")
        self.assertEqual((r.status, r.body), (200, b"named at /proxy"))

    def test_an_unsafe_uri_is_not_found(self):
        for unsafe in ("/target/..", "/target/.%2e", ".."):
            r = fetch(self.port, "/proxy?xar=" + unsafe.replace("%", "%25"))
            self.assertEqual(r.status, 404, unsafe)
        self.assertTrue(self.nproxy.wait_for_log("error.log", r'unsafe URI "\.\." was detected'),
                        self.nproxy.error_log())

    def test_a_missing_named_location_is_an_internal_error(self):
        r = fetch(self.port, "/proxy?xar=@nowhere")
        self.assertEqual(r.status, 500)
        self.assertTrue(self.nproxy.wait_for_log("error.log", r'could not find named location "@nowhere"'),
                        self.nproxy.error_log())


if __name__ == "__main__":
    unittest.main()
