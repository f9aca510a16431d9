"""expires and add_header as nginx 1.22.1's headers filter writes them: Expires and Cache-Control, only for
the codes nginx adds them to, replacing what an upstream sent; ETag and Last-Modified replaced or removed
by add_header.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import email.utils
import os
import time
import unittest

from nproxy_testlib import Nproxy, fetch, free_ports, http_conf


class Expires(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port, cls.backend = free_ports(2)
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost;
        root html;
        expires 2048;
        location /epoch {{ expires epoch; }}
        location /max {{ expires max; }}
        location /off {{ expires off; }}
        location /negative {{ expires -1h; }}
        location /daily {{ expires @15h30m33s; }}
        location /modified {{ expires modified 2048; }}
        location /var {{ expires $arg_e; }}
        location /proxy {{ expires modified 2048; proxy_pass http://127.0.0.1:{cls.backend}/; }}
        location /status {{ return 404; }}
        location /redirect {{ return 302 /elsewhere; }}
        location /proxy-missing {{ expires epoch; proxy_pass http://127.0.0.1:{cls.backend}/missing; }}
        location /etag {{ add_header ETag '"mine"'; }}
        location /no-etag {{ add_header ETag foo always; add_header ETag '' always; }}
        location /last-modified {{ add_header Last-Modified "Mon, 28 Sep 1970 06:00:00 GMT"; }}
    }}
    server {{
        listen 127.0.0.1:{cls.backend};
        location /missing {{ add_header Expires "Thu, 01 Jan 2099 00:00:00 GMT" always; return 404; }}
        location / {{
            add_header Expires "Thu, 01 Jan 2099 00:00:00 GMT";
            add_header Cache-Control private;
            add_header Cache-Control no-store;
            add_header Last-Modified "Mon, 28 Sep 1970 06:00:00 GMT";
            return 200 upstream;
        }}
    }}""")
        files = {f"html/{name}": "x" for name in ("t", "epoch", "max", "off", "negative", "daily", "modified", "var",
                                                   "etag", "no-etag", "last-modified")}
        cls.nproxy = Nproxy(conf, [cls.port, cls.backend], files=files)
        cls.nproxy.__enter__()
        cls.mtime = os.stat(cls.nproxy.path / "html" / "modified").st_mtime

    @classmethod
    def tearDownClass(cls):
        cls.nproxy.__exit__(None, None, None)

    def get(self, path):
        return fetch(self.port, path)

    def fields(self, r, name):
        return [v for k, v in r.headers if k == name]

    def test_after_access(self):
        before = time.time()
        r = self.get("/t")
        self.assertEqual(r.header("cache-control"), "max-age=2048")
        expires = email.utils.parsedate_to_datetime(r.header("expires")).timestamp()
        self.assertAlmostEqual(expires, before + 2048, delta=2)

    def test_epoch_max_off(self):
        r = self.get("/epoch")
        self.assertEqual((r.header("expires"), r.header("cache-control")), ("Thu, 01 Jan 1970 00:00:01 GMT", "no-cache"))
        r = self.get("/max")
        self.assertEqual((r.header("expires"), r.header("cache-control")),
                         ("Thu, 31 Dec 2037 23:55:55 GMT", "max-age=315360000"))
        r = self.get("/off")
        self.assertIsNone(r.header("expires"))
        self.assertIsNone(r.header("cache-control"))

    def test_negative_and_daily(self):
        self.assertEqual(self.get("/negative").header("cache-control"), "no-cache")
        r = self.get("/daily")
        self.assertTrue(r.header("expires").endswith(":33 GMT"))
        self.assertLessEqual(int(r.header("cache-control").removeprefix("max-age=")), 24 * 3600)

    def test_modified_counts_from_the_file(self):
        r = self.get("/modified")
        expires = email.utils.parsedate_to_datetime(r.header("expires")).timestamp()
        self.assertEqual(expires, int(self.mtime) + 2048)

    def test_variables(self):
        self.assertEqual(self.get("/var?e=epoch").header("cache-control"), "no-cache")
        self.assertEqual(self.get("/var?e=1h").header("cache-control"), "max-age=3600")
        for bad in ("", "off", "bad"):
            with self.subTest(e=bad):
                self.assertIsNone(self.get(f"/var?e={bad}").header("expires"))

    def test_not_on_other_codes(self):
        r = self.get("/status")
        self.assertEqual(r.status, 404)
        self.assertIsNone(r.header("expires"))
        self.assertIsNone(r.header("cache-control"))

    def test_redirects_take_it(self):
        r = self.get("/redirect")
        self.assertEqual(r.status, 302)
        self.assertEqual(r.header("cache-control"), "max-age=2048")

    def test_upstream_fields_pass_on_other_codes(self):
        r = self.get("/proxy-missing")
        self.assertEqual(r.status, 404)
        self.assertEqual(self.fields(r, "expires"), ["Thu, 01 Jan 2099 00:00:00 GMT"])
        self.assertEqual(self.fields(r, "cache-control"), [])

    def test_replaces_the_upstream_fields(self):
        r = self.get("/proxy")
        self.assertEqual(r.text, "upstream")
        self.assertEqual(self.fields(r, "expires"), ["Mon, 28 Sep 1970 06:34:08 GMT"])
        self.assertEqual(self.fields(r, "cache-control"), ["no-cache"])

    def test_add_header_replaces_or_removes_single_fields(self):
        self.assertEqual(self.fields(self.get("/etag"), "etag"), ['"mine"'])
        r = self.get("/no-etag")
        self.assertEqual(self.fields(r, "etag"), [])
        r = self.get("/no-etag/missing")
        self.assertEqual(r.status, 404)
        self.assertEqual(self.fields(r, "etag"), [])
        self.assertEqual(self.fields(self.get("/last-modified"), "last-modified"), ["Mon, 28 Sep 1970 06:00:00 GMT"])


if __name__ == "__main__":
    unittest.main()
