"""Byte ranges, as nginx's range filter: a static file's 200 becomes a 206 of the range asked for (with
Content-Range), of several as multipart/byteranges (nginx's boundary and part headers), or a 416 with
"Content-Range: bytes */LENGTH" and nginx's page; the whole file with Accept-Ranges when the ranges are
ignored (more than max_ranges, more bytes than the file, If-Range naming another version). Not ranged:
return texts, gzipped answers, proxied answers unless proxy_force_ranges (one range at most).

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import gzip
import os
import re
import unittest
from email.utils import formatdate

import certs
from nproxy_testlib import Nproxy, error_page, fetch, free_ports, http_conf, tls_client_context

MTIME = 1700000000  # Tue, 14 Nov 2023 22:13:20 GMT
BODY = "".join("X%03dXXXXXX" % i for i in range(100)).encode()  # 1000 bytes


class Range(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pki = certs.shared_pki()
        cls.port, cls.tls_port, backend = free_ports(3)
        conf = http_conf(f"""
    charset_map B A {{ 58 59; }}
    log_format sizes "$uri $status $body_bytes_sent";
    server {{
        listen 127.0.0.1:{backend};
        root html;
        location / {{ max_ranges 0; }}
    }}
    server {{
        listen 127.0.0.1:{cls.port};
        listen 127.0.0.1:{cls.tls_port} ssl;
        ssl_certificate {cls.pki.server_crt};
        ssl_certificate_key {cls.pki.server_key};
        access_log logs/access.log sizes;
        root html;
        location /max2/ {{ max_ranges 2; }}
        location /none/ {{ max_ranges 0; }}
        location /cs/ {{ charset A; source_charset B; }}
        location /gz/ {{ gzip on; gzip_min_length 1; }}
        location /added/ {{ add_header X-Added 1; expires 1h; }}
        location /ssi/ {{ ssi on; }}
        location /sub/ {{ sub_filter 01 ab; }}
        location /sub-none/ {{ sub_filter $arg_none ab; }}
        location /text {{ return 200 "0123456789"; }}
        location /proxy/ {{ proxy_pass http://127.0.0.1:{backend}/; proxy_force_ranges on; }}
        location /plain-proxy/ {{ proxy_pass http://127.0.0.1:{backend}/; }}
    }}""")
        names = ["html/t.html", "html/max2/t.html", "html/none/t.html", "html/cs/t.html", "html/gz/t.html", "html/ssi/t.html",
                 "html/sub/t.html", "html/sub-none/t.html", "html/added/t.html"]
        files = {name: BODY for name in names}
        files["html/empty.html"] = b""
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port, cls.tls_port, backend], files=files))
        for name in files:
            os.utime(cls.nproxy.path / name, (MTIME, MTIME))
        cls.etag = '"%x-3e8"' % MTIME
        cls.last_modified = formatdate(MTIME, usegmt=True)

    def get(self, path, method="GET", tls=False, **headers):
        headers = [(k.replace("_", "-"), v) for k, v in headers.items()]
        if tls:
            return fetch(self.tls_port, path, method=method, headers=headers,
                         tls=tls_client_context(self.pki.ca_crt), server_hostname="localhost")
        return fetch(self.port, path, method=method, headers=headers)

    def assert_part(self, response, first, last, length=1000):
        self.assertEqual((response.status, response.reason), (206, "Partial Content"))
        self.assertEqual(response.header("content-range"), f"bytes {first}-{last}/{length}")
        self.assertEqual(response.header("content-length"), str(last - first + 1))
        self.assertEqual(response.body, BODY[first:last + 1])
        self.assertIsNone(response.header("accept-ranges"))

    def assert_whole(self, response, ranges_accepted=True):
        self.assertEqual((response.status, response.body), (200, BODY))
        self.assertIsNone(response.header("content-range"))
        self.assertEqual(response.header("accept-ranges"), "bytes" if ranges_accepted else None)

    def multipart(self, response, ranges, content_type="text/html", body=BODY, length=1000):
        """The body nginx sends for `ranges` [(first, last)], with the boundary the answer names."""
        match = re.fullmatch(r"multipart/byteranges; boundary=(\d{20})", response.header("content-type"))
        self.assertIsNotNone(match, response.header("content-type"))
        boundary = match.group(1).encode()
        out = b""
        for first, last in ranges:
            out += (b"\r\n--" + boundary + b"\r\nContent-Type: " + content_type.encode() +
                    f"\r\nContent-Range: bytes {first}-{last}/{length}\r\n\r\n".encode() + body[first:last + 1])
        return out + b"\r\n--" + boundary + b"--\r\n"

    def test_a_single_range(self):
        response = self.get("/t.html", Range="bytes=0-8")
        self.assert_part(response, 0, 8)
        self.assertEqual(response.header("content-type"), "text/html")
        self.assertEqual(response.header("etag"), self.etag)
        self.assertEqual(response.header("last-modified"), self.last_modified)
        self.assert_part(self.get("/t.html", Range="bytes=-10"), 990, 999)  # the last 10 bytes
        self.assert_part(self.get("/t.html", Range="bytes=990-"), 990, 999)
        self.assert_part(self.get("/t.html", Range="bytes=990-1990"), 990, 999)  # cut to the end
        self.assert_part(self.get("/t.html", Range="bytes=0-10001"), 0, 999)
        self.assert_part(self.get("/t.html", Range="bytes=-2000"), 0, 999)
        self.assert_part(self.get("/t.html", Range="BYTES= 5 - 6 "), 5, 6)
        self.assert_part(self.get("/t.html", Range="bytes=100000-, 10-19"), 10, 19)  # one left of two

    def test_several_ranges(self):
        ranges = [(0, 9), (990, 999), (10, 19)]
        response = self.get("/t.html", Range="bytes=0-9, -10, 10-19")
        self.assertEqual(response.status, 206)
        self.assertEqual(response.body, self.multipart(response, ranges))
        self.assertEqual(response.header("content-length"), str(len(response.body)))
        self.assertIsNone(response.header("content-range"))
        self.assertIsNone(response.header("accept-ranges"))
        self.assertEqual(response.header("etag"), self.etag)
        # a range past the end is left out; overlapping ranges are sent as asked
        response = self.get("/t.html", Range="bytes=0-9, -10, 100000-, 10-19")
        self.assertEqual(response.body, self.multipart(response, ranges))
        response = self.get("/t.html", Range="bytes=0-1,0-1")
        self.assertEqual(response.body, self.multipart(response, [(0, 1), (0, 1)]))
        # each answer has a boundary of its own
        other = self.get("/t.html", Range="bytes=0-1,0-1")
        self.assertNotEqual(response.header("content-type"), other.header("content-type"))

    def test_ranges_not_satisfiable(self):
        for value in ["bytes=1000-", "bytes=100000-", "bytes=alpha", "bytes=10-alpha", "bytes=10", "bytes=10-11 12-",
                      "bytes=5-3", "bytes=-0", "bytes=0-1,", "bytes=99999999999999999999-"]:
            with self.subTest(value):
                response = self.get("/t.html", Range=value)
                self.assertEqual((response.status, response.reason), (416, "Requested Range Not Satisfiable"))
                self.assertEqual(response.header("content-range"), "bytes */1000")
                self.assertEqual(response.header("content-type"), "text/html")
                self.assertEqual(response.body,
                                 error_page("416 Requested Range Not Satisfiable", response.header("server")))
                for name in ["etag", "last-modified", "accept-ranges"]:
                    self.assertIsNone(response.header(name), name)

    def test_ranges_ignored(self):
        self.assert_whole(self.get("/t.html"))
        self.assert_whole(self.get("/t.html", Range="bytes=0-10001, 0-0"))  # more bytes than the file
        self.assert_whole(self.get("/t.html", Range="items=0-1"))
        self.assert_whole(self.get("/t.html", Range="bytes="))
        # an empty file: a range from 0 sends it whole
        response = self.get("/empty.html", Range="bytes=0-")
        self.assertEqual((response.status, response.body, response.header("accept-ranges")), (200, b"", "bytes"))
        self.assertEqual(self.get("/empty.html", Range="bytes=1-").status, 416)

    def test_if_range(self):
        self.assert_part(self.get("/t.html", Range="bytes=0-9", If_Range=self.etag), 0, 9)
        self.assert_part(self.get("/t.html", Range="bytes=0-9", If_Range=self.last_modified), 0, 9)
        self.assert_whole(self.get("/t.html", Range="bytes=0-9", If_Range='"other"'))
        self.assert_whole(self.get("/t.html", Range="bytes=0-9", If_Range="W/" + self.etag))  # compared exactly
        self.assert_whole(self.get("/t.html", Range="bytes=0-9", If_Range=formatdate(MTIME - 1, usegmt=True)))
        self.assert_whole(self.get("/t.html", Range="bytes=0-9", If_Range="wrong"))
        # when If-Range says the file changed, a range that cannot be satisfied is not looked at either
        self.assert_whole(self.get("/t.html", Range="bytes=5000-", If_Range='"other"'))

    def test_max_ranges(self):
        response = self.get("/max2/t.html", Range="bytes=0-9, -10")
        self.assertEqual(response.body, self.multipart(response, [(0, 9), (990, 999)]))
        self.assertEqual(self.get("/max2/t.html", Range="bytes=0-9, -10, 10000-").status, 206)
        self.assert_whole(self.get("/max2/t.html", Range="bytes=0-9, -10, 10-19"))
        self.assert_whole(self.get("/none/t.html", Range="bytes=0-9"), ranges_accepted=False)
        self.assert_whole(self.get("/none/t.html"), ranges_accepted=False)

    def test_head(self):
        response = self.get("/t.html", method="HEAD", Range="bytes=0-3")
        self.assertEqual((response.status, response.body), (206, b""))
        self.assertEqual(response.header("content-range"), "bytes 0-3/1000")
        self.assertEqual(response.header("content-length"), "4")
        response = self.get("/t.html", method="HEAD", Range="bytes=0-3,5-6")
        self.assertEqual((response.status, response.body), (206, b""))
        self.assertRegex(response.header("content-type"), r"^multipart/byteranges; boundary=\d{20}$")
        self.assertEqual(response.header("content-length"), "202")  # what the body would have been
        self.assertEqual(self.get("/t.html", method="HEAD", Range="bytes=2000-").status, 416)

    def test_charset(self):
        recoded = BODY.replace(b"X", b"Y")
        response = self.get("/cs/t.html", Range="bytes=0-3,6-7")
        self.assertEqual(response.body,
                         self.multipart(response, [(0, 3), (6, 7)], content_type="text/html; charset=A", body=recoded))
        response = self.get("/cs/t.html", Range="bytes=990-1990")
        self.assertEqual((response.status, response.body), (206, recoded[990:]))
        self.assertEqual(response.header("content-type"), "text/html; charset=A")

    def test_gzip_answers_are_not_ranged(self):
        response = self.get("/gz/t.html", Range="bytes=0-3", Accept_Encoding="gzip")
        self.assertEqual((response.status, response.header("content-encoding")), (200, "gzip"))
        self.assertEqual(gzip.decompress(response.body), BODY)
        for name in ["content-range", "accept-ranges", "content-length"]:
            self.assertIsNone(response.header(name), name)
        self.assert_part(self.get("/gz/t.html", Range="bytes=0-3"), 0, 3)  # not gzipped: ranged

    def test_ssi_answers_are_not_ranged(self):
        response = self.get("/ssi/t.html", Range="bytes=0-3")
        self.assertEqual((response.status, response.body), (200, BODY))
        for name in ["content-range", "accept-ranges", "content-length"]:
            self.assertIsNone(response.header(name), name)

    def test_answers_the_sub_filter_changes_are_not_ranged(self):
        response = self.get("/sub/t.html", Range="bytes=0-3")
        self.assertEqual((response.status, response.body), (200, BODY.replace(b"01", b"ab", 1)))
        for name in ["content-range", "accept-ranges", "content-length"]:
            self.assertIsNone(response.header(name), name)
        # a pattern that renders empty leaves the answer as it is: ranged
        self.assert_part(self.get("/sub-none/t.html", Range="bytes=0-3"), 0, 3)

    def test_a_text_is_not_ranged(self):
        response = self.get("/text", Range="bytes=0-3")
        self.assertEqual((response.status, response.body), (200, b"0123456789"))
        self.assertIsNone(response.header("accept-ranges"))

    def test_preconditions_come_first(self):
        self.assertEqual(self.get("/t.html", Range="bytes=0-3", If_None_Match=self.etag).status, 304)
        self.assertEqual(self.get("/t.html", Range="bytes=0-3", If_Match='"x"').status, 412)
        self.assert_part(self.get("/t.html", Range="bytes=0-3", If_Match=self.etag), 0, 3)

    def test_proxied_answers(self):
        # the upstream takes no ranges (max_ranges 0); proxy_force_ranges cuts its answer, one range at most
        self.assert_whole(self.get("/plain-proxy/t.html", Range="bytes=4-"), ranges_accepted=False)
        self.assert_part(self.get("/proxy/t.html", Range="bytes=4-"), 4, 999)
        self.assert_part(self.get("/proxy/t.html", Range="bytes=-2"), 998, 999)
        self.assert_part(self.get("/proxy/t.html", Range="bytes=4-7", If_Range=self.etag), 4, 7)
        self.assert_part(self.get("/proxy/t.html", Range="bytes=4-7", If_Range=self.last_modified), 4, 7)
        self.assert_whole(self.get("/proxy/t.html", Range="bytes=4-7", If_Range='"x"'))
        self.assert_whole(self.get("/proxy/t.html", Range="bytes=0-2,4-"))
        self.assert_whole(self.get("/proxy/t.html"))
        response = self.get("/proxy/t.html", Range="bytes=1000-")
        self.assertEqual((response.status, response.header("content-range")), (416, "bytes */1000"))

    def test_range_fields_follow_added_ones(self):
        # as nginx's filters run: expires and add_header before the range filter's fields
        for headers, last in (({}, "accept-ranges"), ({"Range": "bytes=0-1"}, "content-range")):
            names = [name for name, _ in self.get("/added/t.html", **headers).headers]
            self.assertEqual(names[-4:], ["expires", "cache-control", "x-added", last])

    def test_over_tls(self):
        self.assert_part(self.get("/t.html", tls=True, Range="bytes=-10"), 990, 999)
        response = self.get("/t.html", tls=True, Range="bytes=0-9,20-29")
        self.assertEqual(response.body, self.multipart(response, [(0, 9), (20, 29)]))

    def test_body_bytes_sent(self):
        self.get("/t.html", Range="bytes=0-8")
        multi = self.get("/t.html", Range="bytes=0-9,20-29")
        self.get("/t.html", Range="bytes=5000-")
        self.nproxy.wait_for_log("access.log", r"/t.html 416 \d+")
        log = self.nproxy.access_log()
        self.assertIn("/t.html 206 9\n", log)
        self.assertIn(f"/t.html 206 {len(multi.body)}\n", log)


if __name__ == "__main__":
    unittest.main()
