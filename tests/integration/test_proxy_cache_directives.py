"""The proxy cache's directives in a real configuration: `nproxy -t` accepts them with one warning per
proxy_cache_path, and nproxy serving it proxies every request to the backend, as it does not cache
($upstream_cache_status stays empty, no cache folder is made)."""

import threading
import unittest

from nproxy_testlib import (BackgroundServer, Nproxy, Prefix, config_test, fetch, free_ports, http_conf,
                            nginx_line, notice_line, read_request)

WARNING = '"proxy_cache_path" is read but nproxy does not cache: every response is fetched from the upstream'


def cache_conf(port, backend_port):
    return http_conf(f"""
    proxy_cache_path cache/one levels=1:2 keys_zone=one:10m inactive=1h max_size=100m use_temp_path=off;
    proxy_cache_path cache/two keys_zone=two:1m;
    proxy_cache_key $scheme$host$request_uri;
    proxy_cache_valid 200 302 10m;
    proxy_cache_valid any 1m;
    proxy_cache_methods GET HEAD;
    proxy_cache_min_uses 1;
    proxy_cache_use_stale error timeout updating http_500;
    proxy_cache_lock on;
    proxy_cache_lock_timeout 5s;
    proxy_cache_lock_age 5s;
    proxy_cache_revalidate on;
    proxy_cache_background_update on;
    proxy_cache_convert_head on;
    proxy_cache_max_range_offset 10m;
    server {{
        listen 127.0.0.1:{port};
        proxy_cache one;
        add_header X-Cache-Status "[$upstream_cache_status]" always;
        location / {{
            proxy_pass http://127.0.0.1:{backend_port};
            proxy_cache_bypass $arg_nocache;
            proxy_no_cache $http_pragma;
        }}
        location /two {{
            proxy_pass http://127.0.0.1:{backend_port};
            proxy_cache two;
        }}
    }}""")


class CountingBackend:
    """Answers every request with a cacheable 200 naming how many requests it has had."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, conn, stop):
        with conn.makefile("rb") as reader:
            while read_request(reader) is not None:
                with self.lock:
                    self.count += 1
                    body = b"answer %d\n" % self.count
                conn.sendall(b"HTTP/1.1 200 OK\r\nCache-Control: max-age=3600\r\nContent-Type: text/plain\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(body), body))


class ProxyCacheDirectives(unittest.TestCase):
    def test_config_test_accepts_them_with_a_warning_per_cache(self):
        with Prefix() as prefix:
            conf = prefix.write("nproxy.conf", cache_conf(*free_ports(2)))
            code, lines = config_test(conf, prefix)
            self.assertEqual(code, 0, lines)
            warnings = [l for l in lines if nginx_line("warn", WARNING).match(l)]
            self.assertEqual(len(warnings), 2, lines)
            self.assertTrue(warnings[0].endswith(f" in {conf}:9"), warnings[0])
            self.assertTrue(any(notice_line("the configuration file").match(l) for l in lines), lines)
            self.assertFalse((prefix.path / "cache").exists())

    def test_every_request_reaches_the_backend(self):
        backend = CountingBackend()
        (port,) = free_ports(1)
        with BackgroundServer(backend) as server, \
                Nproxy(cache_conf(port, server.port), [port]) as proxy:
            for n, path in enumerate(["/a", "/a", "/a", "/two/b", "/two/b"], start=1):
                response = fetch(port, path)
                self.assertEqual(response.status, 200)
                self.assertEqual(response.body, b"answer %d\n" % n)
                self.assertEqual(response.header("x-cache-status"), "[]")
            head = fetch(port, "/a", method="HEAD")
            self.assertEqual(head.status, 200)
            self.assertEqual(backend.count, 6)
            self.assertFalse((proxy.path / "cache").exists())
            self.assertIn(WARNING, proxy.stderr() + proxy.error_log())


if __name__ == "__main__":
    unittest.main()
