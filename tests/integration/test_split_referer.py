"""nginx's split_clients and referer modules on real requests: the part a key's MurmurHash2 falls in
("*" the rest, nothing past parts that sum below 100%), and $invalid_referer by "none", "blocked",
server_names, names with a URI prefix, wildcards and regexes, with a location's own valid_referers (which
keep the server's regexes, as nginx's merge does). Each expectation was checked against nginx 1.22
(NPROXY=/usr/sbin/nginx)."""

import unittest

from nproxy_testlib import Nproxy, Prefix, config_test, fetch, free_ports, http_conf


def murmur_hash2(data: bytes) -> int:
    """nginx's ngx_murmur_hash2, written from its description (32 bits, seed 0, little-endian words)."""
    m, mask = 0x5BD1E995, 0xFFFFFFFF
    h = len(data) & mask
    whole = len(data) // 4 * 4
    for i in range(0, whole, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = k * m & mask
        k ^= k >> 24
        k = k * m & mask
        h = (h * m & mask) ^ k
    tail = data[whole:]
    if tail:
        h ^= int.from_bytes(tail, "little")
        h = h * m & mask
    h ^= h >> 13
    h = h * m & mask
    return h ^ h >> 15


def expected_part(key, parts):
    """The value nginx's split_clients gives `key` for parts [(hundredths or 0 for "*", value)]."""
    h, last = murmur_hash2(key.encode()), 0
    for percent, value in parts:
        if percent == 0:
            return value
        last += percent * 0xFFFFFFFF // 10000
        if h < last:
            return value
    return ""


class SplitClients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        (cls.port,) = free_ports(1)
        conf = http_conf(f"""
    split_clients "${{arg_k}}AAA" $variant {{
        50%    half;
        25.5%  quarter;
        *      rest;
    }}
    split_clients $arg_k $partial {{
        10%  tenth;
        0.5% small;
    }}
    server {{
        listen 127.0.0.1:{cls.port};
        location / {{
            return 200 "$variant|$partial\\n";
        }}
    }}""")
        cls.proxy = cls.enterClassContext(Nproxy(conf, [cls.port]))

    def values(self, key):
        response = fetch(self.port, "/?k=" + key)
        self.assertEqual(response.status, 200)
        return response.text.rstrip("\n").split("|")

    def test_known_hashes(self):
        self.assertEqual(murmur_hash2(b"127.0.0.1AAA"), 3053215307)
        self.assertEqual(murmur_hash2(b"abcd"), 646393889)
        self.assertEqual(self.values("127.0.0.1"), ["quarter", ""])  # below 50% + 25.5% of 0xffffffff
        self.assertEqual(self.values("abcd")[1], "")

    def test_parts_as_nginx_splits(self):
        seen = set()
        for n in range(60):
            key = f"client{n}"
            variant, partial = self.values(key)
            self.assertEqual(variant, expected_part(key + "AAA", [(5000, "half"), (2550, "quarter"), (0, "rest")]))
            self.assertEqual(partial, expected_part(key, [(1000, "tenth"), (50, "small")]))
            seen.add(variant)
        self.assertEqual(seen, {"half", "quarter", "rest"})


class InvalidReferer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        (cls.port,) = free_ports(1)
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost *.srv.test;
        valid_referers none blocked server_names example.com/galleries/ *.wild.org .dot.org www.tail.*
                       ~\\.regex\\.;
        location / {{
            return 200 "[$invalid_referer]\\n";
        }}
        location /own {{
            valid_referers example.org;
            return 200 "[$invalid_referer]\\n";
        }}
        location /guarded {{
            if ($invalid_referer) {{
                return 403;
            }}
            return 200 "ok\\n";
        }}
    }}
    server {{
        listen 127.0.0.1:{cls.port};
        server_name other;
        return 200 "[$invalid_referer]\\n";
    }}""")
        cls.proxy = cls.enterClassContext(Nproxy(conf, [cls.port]))

    def invalid(self, referer, path="/", host="localhost"):
        headers = [] if referer is None else [("Referer", referer)]
        response = fetch(self.port, path, host=host, headers=headers)
        self.assertEqual(response.status, 200)
        return {"[]\n": False, "[1]\n": True}[response.text]

    def test_none_and_blocked(self):
        self.assertFalse(self.invalid(None))
        self.assertFalse(self.invalid("example.com/x"))
        self.assertFalse(self.invalid("http://a.b"))  # shorter than "http://i.ru": taken as without scheme
        self.assertTrue(self.invalid("http://unknown.com/"))

    def test_names_wildcards_and_uri_prefix(self):
        self.assertFalse(self.invalid("http://example.com/galleries/1.jpg"))
        self.assertFalse(self.invalid("HTTPS://Example.COM:8443/galleries/"))
        self.assertTrue(self.invalid("http://example.com/other/"))
        self.assertFalse(self.invalid("http://a.wild.org/"))
        self.assertTrue(self.invalid("http://wild.org/"))
        self.assertFalse(self.invalid("http://dot.org/"))
        self.assertFalse(self.invalid("http://www.tail.co.uk/"))
        self.assertFalse(self.invalid("ftp://example.com/galleries/"))  # "blocked": not http(s)

    def test_server_names_and_regexes(self):
        self.assertFalse(self.invalid("http://localhost/x"))
        self.assertFalse(self.invalid("http://a.srv.test/"))
        self.assertFalse(self.invalid("https://site.REGEX.net/"))
        self.assertTrue(self.invalid("http://regex.net/"))

    def test_location_with_its_own_keeps_the_server_regexes_only(self):
        self.assertTrue(self.invalid(None, "/own"))
        self.assertFalse(self.invalid("http://example.org/", "/own"))
        self.assertFalse(self.invalid("http://x.regex.y/", "/own"))
        self.assertTrue(self.invalid("http://example.com/galleries/", "/own"))
        self.assertTrue(self.invalid("http://localhost/", "/own"))
        self.assertTrue(self.invalid("ftp://example.org/", "/own"))

    def test_in_if(self):
        self.assertEqual(fetch(self.port, "/guarded", headers=[("Referer", "http://bad.com/")]).status, 403)
        self.assertEqual(fetch(self.port, "/guarded", headers=[("Referer", "http://a.wild.org/")]).status, 200)

    def test_server_without_valid_referers(self):
        self.assertFalse(self.invalid("http://bad.com/", host="other"))
        self.assertFalse(self.invalid(None, host="other"))


class RefererConfigTest(unittest.TestCase):
    def check(self, server_body):
        with Prefix() as prefix:
            conf = prefix.write("nproxy.conf", http_conf(f"server {{\n    listen 127.0.0.1:8080;\n    {server_body}\n}}"))
            code, lines = config_test(conf, prefix)
        return code, "\n".join(lines)

    def test_a_regex_that_does_not_compile_fails_the_test(self):
        code, text = self.check("valid_referers ~(;")
        self.assertEqual(code, 1)
        self.assertRegex(text, r'pcre2_compile\(\) failed: missing closing parenthesis in "\(" in .*nproxy\.conf:\d+')

    def test_none_without_any_valid_referer(self):
        code, text = self.check("valid_referers none ~foo;")
        self.assertEqual(code, 1)
        self.assertIn('the "none" or "blocked" referers are specified in the "valid_referers" directive without '
                      'any valid referer', text)


if __name__ == "__main__":
    unittest.main()
