"""nginx's limit_req module on real requests: the leaky bucket per key (a second request inside the rate is
rejected with 503, or limit_req_status), burst with nodelay, a delayed request with its warn line, dry run,
an empty key never limited, $limit_req_status, and nginx's error log lines. Each expectation was checked
against nginx 1.22 (NPROXY=/usr/sbin/nginx)."""

import time
import unittest

from nproxy_testlib import Nproxy, fetch, free_ports, http_conf

CONTEXT = r', client: 127\.0\.0\.1, server: limits, request: "GET {uri} HTTP/1\.1", host: "localhost"$'


class LimitReq(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        (cls.port,) = free_ports(1)
        zones = "".join(f"    limit_req_zone $binary_remote_addr zone={name}:64k rate={rate};\n"
                        for name, rate in [("strict", "1r/m"), ("code", "1r/m"), ("burst", "1r/m"),
                                           ("delayed", "1r/s"), ("dry", "1r/m")])
        conf = http_conf(zones + f"""
    limit_req_zone $arg_k zone=keyed:64k rate=1r/m;
    server {{
        listen 127.0.0.1:{cls.port};
        server_name limits;
        root html;
        add_header X-Limit "$limit_req_status" always;
        location /strict {{ limit_req zone=strict; }}
        location /code {{ limit_req zone=code; limit_req_status 429; limit_req_log_level warn; }}
        location /burst {{ limit_req zone=burst burst=1 nodelay; }}
        location /delayed {{ limit_req zone=delayed burst=5; }}
        location /dry {{ limit_req zone=dry; limit_req_dry_run on; }}
        location /keyed {{ limit_req zone=keyed; }}
        location /none {{ }}
    }}""")
        files = {f"html/{name}": "ok\n" for name in ["strict", "code", "burst", "delayed", "dry", "keyed", "none"]}
        cls.proxy = cls.enterClassContext(Nproxy(conf, [cls.port], files=files))

    def get(self, path):
        response = fetch(self.port, path)
        return response.status, response.header("x-limit")

    def test_a_second_request_inside_the_rate_is_rejected(self):
        self.assertEqual(self.get("/strict"), (200, "PASSED"))
        self.assertEqual(self.get("/strict"), (503, "REJECTED"))
        self.assertTrue(self.proxy.wait_for_log(
            "error.log", r'\[error\] \d+#\d+: \*\d+ limiting requests, excess: \d\.\d{3} by zone "strict"' +
                         CONTEXT.format(uri="/strict")))

    def test_limit_req_status_and_log_level(self):
        self.assertEqual(self.get("/code")[0], 200)
        self.assertEqual(self.get("/code")[0], 429)
        self.assertTrue(self.proxy.wait_for_log(
            "error.log", r'\[warn\] \d+#\d+: \*\d+ limiting requests, excess: \d\.\d{3} by zone "code"'))

    def test_burst_with_nodelay_passes_at_once_then_rejects(self):
        self.assertEqual(self.get("/burst"), (200, "PASSED"))
        start = time.monotonic()
        self.assertEqual(self.get("/burst"), (200, "PASSED"))
        self.assertLess(time.monotonic() - start, 0.5)
        self.assertEqual(self.get("/burst"), (503, "REJECTED"))

    def test_an_excess_within_burst_is_delayed(self):
        self.assertEqual(self.get("/delayed"), (200, "PASSED"))
        start = time.monotonic()
        status, limit = self.get("/delayed")
        self.assertGreaterEqual(time.monotonic() - start, 0.5)  # 1 excess request at 1r/s: about a second
        self.assertEqual((status, limit), (200, "DELAYED"))
        # as nginx: a delay is logged one level below limit_req_log_level (error)
        self.assertTrue(self.proxy.wait_for_log(
            "error.log", r'\[warn\] \d+#\d+: \*\d+ delaying request, excess: \d\.\d{3}, by zone "delayed"' +
                         CONTEXT.format(uri="/delayed")))

    def test_dry_run_serves_and_logs(self):
        self.assertEqual(self.get("/dry"), (200, "PASSED"))
        self.assertEqual(self.get("/dry"), (200, "REJECTED_DRY_RUN"))
        self.assertTrue(self.proxy.wait_for_log(
            "error.log", r'\[error\] \d+#\d+: \*\d+ limiting requests, dry run, excess: \d\.\d{3} by zone "dry"'))

    def test_an_empty_key_is_not_limited_and_keys_are_apart(self):
        for _ in range(3):
            self.assertEqual(self.get("/keyed"), (200, None))
        self.assertEqual(self.get("/keyed?k=a"), (200, "PASSED"))
        self.assertEqual(self.get("/keyed?k=b"), (200, "PASSED"))
        self.assertEqual(self.get("/keyed?k=a"), (503, "REJECTED"))

    def test_no_limit_no_status(self):
        self.assertEqual(self.get("/none"), (200, None))


if __name__ == "__main__":
    unittest.main()
