"""nginx's split_clients module on real requests: the part a key's MurmurHash2 falls in ("*" the rest,
nothing past parts that sum below 100%). Each expectation was checked against nginx 1.22
(NPROXY=/usr/sbin/nginx)."""

import unittest

from nproxy_testlib import Nproxy, fetch, free_ports, http_conf


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


if __name__ == "__main__":
    unittest.main()
