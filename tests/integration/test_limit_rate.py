"""limit_rate, limit_rate_after and $limit_rate pace a response as nginx 1.22.1's write filter does, and
$sent_http_NAME reads any field of the response header that was sent.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import time
import unittest

from nproxy_testlib import Nproxy, connect, fetch, free_ports, http_conf

BODY = b"x" * (96 * 1024)


class LimitRate(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port, cls.backend = free_ports(2)
        conf = http_conf(f"""
    log_format fields "$uri $sent_http_cache_control|$sent_http_x_multi|$sent_http_link|$sent_http_x_none|$limit_rate";
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost;
        root html;
        access_log logs/fields.log fields;
        location /slow {{ limit_rate 32k; }}
        location /after {{ limit_rate 32k; limit_rate_after 1m; }}
        location /proxied {{ limit_rate 32k; proxy_pass http://127.0.0.1:{cls.backend}/slow/big; }}
        location /var {{ alias html/slow/big; limit_rate $arg_l; limit_rate_after $arg_a; }}
        location /redirected {{ proxy_pass http://127.0.0.1:{cls.backend}/xar; }}
        location /accel {{ proxy_pass http://127.0.0.1:{cls.backend}/xal/big$is_args$args; }}
        location /accel-ignored {{
            proxy_ignore_headers X-Accel-Limit-Rate;
            proxy_pass http://127.0.0.1:{cls.backend}/xal/big$is_args$args;
        }}
        location /read-limited {{
            proxy_limit_rate 32k;
            proxy_pass http://127.0.0.1:{cls.backend}/fast/big;
            location /read-limited/unbuffered {{
                proxy_buffering off;
                proxy_pass http://127.0.0.1:{cls.backend}/fast/big;
            }}
        }}
        location /unbuffered {{
            limit_rate 32k;
            proxy_buffering off;
            proxy_pass http://127.0.0.1:{cls.backend}/fast/big;
        }}
        location /set {{ set $limit_rate $arg_l; add_header X-Rate $limit_rate; return 200 OK; }}
        location /fields {{
            add_header Cache-Control max-age=3600;
            add_header Cache-Control private;
            add_header X-Multi 1;
            add_header X-Multi 2;
            add_header Link <a>;
            add_header Link <b>;
            return 200 OK;
        }}
    }}
    server {{
        listen 127.0.0.1:{cls.backend};
        root html;
        location /xal/ {{ alias html/fast/; add_header X-Accel-Limit-Rate $arg_r; }}
        location /xar {{ add_header X-Accel-Redirect /slow/big; return 200 "x"; }}
    }}""")
        files = {"html/slow/big": BODY.decode(), "html/after/big": BODY.decode(), "html/fast/big": BODY.decode()}
        cls.nproxy = Nproxy(conf, [cls.port, cls.backend], files=files)
        cls.nproxy.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.nproxy.__exit__(None, None, None)

    def timed(self, path):
        started = time.monotonic()
        r = fetch(self.port, path, timeout=20)
        return r, time.monotonic() - started

    def test_a_limited_response_takes_its_time(self):
        # 96 KiB at 32 KiB/s, the first second's worth at once: the rest takes at least two seconds
        r, took = self.timed("/slow/big")
        self.assertEqual((r.status, r.body), (200, BODY))
        self.assertGreaterEqual(took, 1.9)
        self.assertLess(took, 6)

    def test_a_proxied_response_is_paced_too(self):
        r, took = self.timed("/proxied")
        self.assertEqual((r.status, r.body), (200, BODY))
        self.assertGreaterEqual(took, 1.9)

    def test_limit_rate_after_lets_the_first_bytes_go(self):
        r, took = self.timed("/after/big")
        self.assertEqual((r.status, r.body), (200, BODY))
        self.assertLess(took, 1.5)

    def test_without_a_limit_nothing_waits(self):
        r, took = self.timed("/fast/big")
        self.assertEqual((r.status, r.body), (200, BODY))
        self.assertLess(took, 1.5)

    def test_limit_rate_with_variables(self):
        r, took = self.timed("/var?l=32k")
        self.assertEqual((r.status, r.body), (200, BODY))
        self.assertGreaterEqual(took, 1.9)
        r, took = self.timed("/var?l=32k&a=1m")
        self.assertLess(took, 1.5)
        # as nginx: a value that is no size is no limit, and is logged
        r, took = self.timed("/var?l=fast")
        self.assertEqual((r.status, r.body), (200, BODY))
        self.assertLess(took, 1.5)
        self.assertTrue(self.nproxy.wait_for_log("error.log", r'\[error\] .*invalid size "fast" while sending response to '
                                                              r'client, client: 127\.0\.0\.1, '
                                                              r'server: localhost, request: "GET /var\?l=fast HTTP/1\.1"'))

    def test_the_upstream_sets_the_rate_with_x_accel_limit_rate(self):
        r, took = self.timed("/accel?r=32768")
        self.assertEqual((r.status, r.body), (200, BODY))
        self.assertGreaterEqual(took, 1.9)
        r, took = self.timed("/accel?r=32k")  # a number only: this one is ignored
        self.assertLess(took, 1.5)
        r, took = self.timed("/accel-ignored?r=32768")
        self.assertEqual((r.status, r.body), (200, BODY))
        self.assertLess(took, 1.5)

    def test_proxy_limit_rate_paces_the_reads_of_a_buffered_answer(self):
        r, took = self.timed("/read-limited")
        self.assertEqual((r.status, r.body), (200, BODY))
        self.assertGreaterEqual(took, 1.9)
        r, took = self.timed("/read-limited/unbuffered")
        self.assertEqual((r.status, r.body), (200, BODY))
        self.assertLess(took, 1.5)

    def test_a_100_continue_does_not_decide_the_rate(self):
        # as nginx: the interim answer is written as it is, and the rate is the answering location's (here
        # /slow's, where X-Accel-Redirect sends the request)
        started = time.monotonic()
        with connect(self.port) as sock:
            sock.sendall(b"POST /redirected HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n"
                         b"Content-Length: 4\r\nConnection: close\r\n\r\n")
            time.sleep(0.2)
            sock.sendall(b"body")
            got = b""
            while chunk := sock.recv(65536):
                got += chunk
        self.assertTrue(got.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), got[:200])
        self.assertTrue(got.endswith(BODY))
        self.assertGreaterEqual(time.monotonic() - started, 1.9)

    def test_an_unbuffered_answer_is_not_paced(self):
        r, took = self.timed("/unbuffered")
        self.assertEqual((r.status, r.body), (200, BODY))
        self.assertLess(took, 1.5)

    def test_set_limit_rate_reads_back_a_size(self):
        self.assertEqual(fetch(self.port, "/set?l=40k").header("x-rate"), "40960")
        self.assertEqual(fetch(self.port, "/set?l=fast").header("x-rate"), "0")
        self.assertTrue(self.nproxy.wait_for_log("error.log", r'\[error\] .*invalid \$limit_rate "fast"'))

    def test_the_log_reads_the_rate_a_response_was_sent_at(self):
        fetch(self.port, "/set?l=5k")
        self.assertTrue(self.nproxy.wait_for_log("fields.log", r"^/set -\|-\|-\|-\|5120$"))
        self.timed("/after/big")
        self.assertTrue(self.nproxy.wait_for_log("fields.log", r"^/after/big -\|-\|-\|-\|32768$"))

    def test_sent_http_reads_the_fields_sent(self):
        fetch(self.port, "/fields")
        self.assertTrue(self.nproxy.wait_for_log("fields.log", r"^/fields max-age=3600, private\|1\|<a>, <b>\|-\|0$"),
                        self.nproxy._read("logs/fields.log"))


if __name__ == "__main__":
    unittest.main()
