"""Access logs whose names hold variables (written only when the level's root exists, opened per line or
kept by open_log_file_cache), and access_log ... gzip.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import gzip
import os
import re
import time
import unittest

from nproxy_testlib import Nproxy, fetch, free_port, http_conf


class AccessLogFiles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        conf = http_conf(f"""
    log_format test "$uri:$status";
    log_format default escape=default $uri$arg_b$arg_c;
    log_format none escape=none $uri$arg_b$arg_c;
    log_format json escape=json $uri$arg_b$arg_c;
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost;
        root html;
        location /escape {{
            access_log logs/default.log default;
            access_log logs/none.log none;
            access_log logs/json.log json;
            return 200 OK;
        }}
        location /varlog {{ access_log logs/var_$arg_name test; return 200 OK; }}
        location /noroot {{ root missing; access_log logs/noroot_$arg_name test; return 200 OK; }}
        location /nodir {{ access_log logs/nodir/$arg_name test; return 200 OK; }}
        location /cache {{
            open_log_file_cache max=3 inactive=20s valid=1m min_uses=2;
            access_log logs/dir/cache_$arg_name test;
            return 200 OK;
        }}
        location /gzip {{ access_log logs/gzip.log test gzip buffer=1m flush=100ms; return 200 OK; }}
        location /held {{ access_log logs/held.log test gzip=9; return 200 OK; }}
    }}""")
        cls.nproxy = Nproxy(conf, [cls.port], files={"html/index.html": "index", "logs/dir/.keep": ""})
        cls.nproxy.__enter__()
        cls.logs = cls.nproxy.path / "logs"

    @classmethod
    def tearDownClass(cls):
        cls.nproxy.__exit__(None, None, None)

    def get(self, path):
        self.assertEqual(fetch(self.port, path).status, 200)

    def wait_for_lines(self, path, count):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (not path.exists() or path.read_text().count("\n") < count):
            time.sleep(0.02)

    def test_a_name_is_made_per_request(self):
        self.get("/varlog?name=one")
        self.get("/varlog/two?name=one")
        self.get("/varlog")
        self.wait_for_lines(self.logs / "var_one", 2)
        self.wait_for_lines(self.logs / "var_", 1)
        self.assertEqual((self.logs / "var_one").read_text(), "/varlog:200\n/varlog/two:200\n")
        self.assertEqual((self.logs / "var_").read_text(), "/varlog:200\n")

    def test_escaping_and_missing_variables_per_format(self):
        self.get("/escape/%221%20%1B%1C%09%5C%22?c=2")
        for name in ["default", "none", "json"]:
            self.wait_for_lines(self.logs / f"{name}.log", 1)
        # a missing variable ($arg_b) is "-" only with the default escaping
        self.assertEqual((self.logs / "default.log").read_bytes(), b'/escape/\\x221 \\x1B\\x1C\\x09\\x5C\\x22-2\n')
        self.assertEqual((self.logs / "none.log").read_bytes(), b'/escape/"1 \x1b\x1c\t\\"2\n')
        self.assertEqual((self.logs / "json.log").read_bytes(), b'/escape/\\"1 \\u001B\\u001C\\t\\\\\\"2\n')

    def test_nothing_is_written_when_the_root_is_missing(self):
        self.get("/noroot?name=a")
        root = self.nproxy.path / "missing"
        self.assertTrue(self.nproxy.wait_for_log(
            "error.log",
            r'\[error\] \d+#\d+: \*\d+ testing "' + re.escape(str(root)) + r'" existence failed '
            r'\(2: No such file or directory\) while logging request, client: 127\.0\.0\.1, server: localhost, '
            r'request: "GET /noroot\?name=a HTTP/1\.1", host: "localhost"'), self.nproxy.error_log())
        self.assertFalse((self.logs / "noroot_a").exists())

    def test_a_name_that_cannot_be_opened_is_reported(self):
        self.get("/nodir?name=x")
        name = self.logs / "nodir" / "x"
        self.assertTrue(self.nproxy.wait_for_log(
            "error.log",
            r'\[crit\] \d+#\d+: \*\d+ open\(\) "' + re.escape(str(name)) + r'" failed '
            r'\(2: No such file or directory\) while logging request, client: 127\.0\.0\.1'), self.nproxy.error_log())

    def test_open_log_file_cache_keeps_what_is_used_often(self):
        for name in ["lru", "lru", "once", "first", "first", "second", "second"]:
            self.get(f"/cache?name={name}")
        # a line is written after its response is sent: wait for the last one before moving the folder
        self.wait_for_lines(self.logs / "dir" / "cache_second", 2)
        os.rename(self.logs / "dir", self.logs / "moved")
        try:
            for name in ["lru", "once", "first", "second"]:
                self.get(f"/cache?name={name}")
            self.wait_for_lines(self.logs / "moved" / "cache_second", 3)
        finally:
            os.rename(self.logs / "moved", self.logs / "dir")
        lines = {name: (self.logs / "dir" / f"cache_{name}").read_text().count("\n")
                 for name in ["lru", "once", "first", "second"]}
        # "lru" was dropped to make room (max=3), "once" was not used min_uses times to be kept open:
        # both are opened again by name and the folder is gone; the other two still write to the moved files
        self.assertEqual(lines, {"lru": 2, "once": 1, "first": 3, "second": 3})

    def test_gzip_flushes_a_member_after_the_flush_time(self):
        self.get("/gzip")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not (self.logs / "gzip.log").stat().st_size:
            time.sleep(0.05)
        data = (self.logs / "gzip.log").read_bytes()
        self.assertEqual(data[:2], b"\x1f\x8b")
        self.assertEqual(gzip.decompress(data), b"/gzip:200\n")

    def test_gzip_without_flush_holds_lines_until_stop(self):
        self.get("/held")
        self.get("/held/2")
        time.sleep(0.3)
        self.assertEqual((self.logs / "held.log").stat().st_size, 0)


class AccessLogAtStop(unittest.TestCase):
    def test_held_gzip_lines_are_written_at_stop(self):
        port = free_port()
        conf = http_conf(f"""
    log_format test "$uri:$status";
    server {{
        listen 127.0.0.1:{port};
        access_log logs/held.log test gzip buffer=64k;
        access_log logs/held.log test buffer=64k gzip=1 if=$arg_twice;
        return 200 OK;
    }}""")
        with Nproxy(conf, [port]) as n:
            for path in ["/a", "/b?twice=1", "/c"]:
                self.assertEqual(fetch(port, path).status, 200)
            n.stop()
            data = (n.path / "logs" / "held.log").read_bytes()
        self.assertEqual(gzip.decompress(data), b"/a:200\n/b:200\n/b:200\n/c:200\n")


if __name__ == "__main__":
    unittest.main()
