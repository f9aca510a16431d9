"""nginx's geo module on real requests: the longest network holding the client's address, a source
variable read as an address (one that is not an address looked up as 255.255.255.255, an IPv4-mapped one
as IPv4), delete, include, and the default; "ranges" blocks; "proxy" and "proxy_recursive" reading
X-Forwarded-For from trusted clients. Clients come from 127.0.0.1, 127.0.0.2 and 127.0.0.3. Each
expectation was checked against nginx 1.22 (NPROXY=/usr/sbin/nginx)."""

import socket
import unittest

from nproxy_testlib import Nproxy, free_ports, http_conf, read_response, request_bytes


def fields_of(test, port, path, source, headers=()):
    """The "|"-separated fields a 200 response from `port` shows a client at `source`."""
    with socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0)) as sock:
        sock.sendall(request_bytes("GET", path, headers=[("Connection", "close"), *headers]))
        with sock.makefile("rb") as reader:
            response = read_response(reader)
    test.assertEqual(response.status, 200)
    return response.text.rstrip("\n").split("|")


class GeoVariables(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        (cls.port,) = free_ports(1)
        conf = http_conf(f"""
    geo $client {{
        default      outside;
        127.0.0.0/8  loopback;
        127.0.0.2    two;
        10.0.0.0/8   ten;
        delete       10.0.0.0/8;
        include      nets.geo;
    }}
    geo $arg_a $by_arg {{
        default          none;
        192.168.0.0/16   lan;
        192.168.7.0/24   lan7;
        255.255.255.255  not-an-address;
        ::1              six;
    }}
    geo $no_default {{
        10.0.0.0/8  ten;
    }}
    server {{
        listen 127.0.0.1:{cls.port};
        location / {{
            return 200 "$client|$by_arg|$no_default\\n";
        }}
    }}""")
        cls.proxy = cls.enterClassContext(Nproxy(conf, [cls.port], files={"nets.geo": "127.0.0.3 three;\n"}))

    def fields(self, path, source="127.0.0.1"):
        return fields_of(self, self.port, path, source)

    def test_the_longest_network_holding_the_client(self):
        self.assertEqual(self.fields("/", "127.0.0.1")[0], "loopback")
        self.assertEqual(self.fields("/", "127.0.0.2")[0], "two")
        self.assertEqual(self.fields("/", "127.0.0.3")[0], "three")  # from the included file

    def test_a_source_variable_read_as_an_address(self):
        arg = lambda a: self.fields("/?a=" + a)[1]
        self.assertEqual(arg("192.168.1.1"), "lan")
        self.assertEqual(arg("192.168.7.9"), "lan7")
        self.assertEqual(arg("10.1.1.1"), "none")
        self.assertEqual(arg("garbage"), "not-an-address")
        self.assertEqual(arg("::1"), "six")
        self.assertEqual(arg("::ffff:192.168.7.1"), "lan7")
        self.assertEqual(self.fields("/")[1], "not-an-address")  # no argument: an empty value

    def test_no_default_is_empty(self):
        self.assertEqual(self.fields("/")[2], "")


class GeoRangesAndProxies(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        (cls.port,) = free_ports(1)
        conf = http_conf(f"""
    geo $range {{
        ranges;
        default                  outside;
        127.0.0.0-127.0.0.255    low;
        127.0.0.2-127.0.0.2      two;
        127.0.0.3-127.0.0.9      three;
        delete                   127.0.0.3-127.0.0.9;
        192.168.0.0-192.168.1.9  lan;
    }}
    geo $arg_a $range_of_arg {{
        ranges;
        192.168.0.0-192.168.1.9  lan;
    }}
    geo $behind {{
        proxy        127.0.0.1;
        default      outside;
        127.0.0.0/8  loopback;
        192.0.2.0/24 doc;
        10.0.0.0/8   ten;
    }}
    geo $behind_all {{
        proxy            127.0.0.1;
        proxy            10.0.0.0/8;
        proxy_recursive;
        default          outside;
        192.0.2.0/24     doc;
        10.0.0.0/8       ten;
    }}
    server {{
        listen 127.0.0.1:{cls.port};
        location / {{
            return 200 "$range|$range_of_arg|$behind|$behind_all\\n";
        }}
    }}""")
        cls.proxy = cls.enterClassContext(Nproxy(conf, [cls.port]))

    def fields(self, path="/", source="127.0.0.1", forwarded=()):
        return fields_of(self, self.port, path, source, [("X-Forwarded-For", f) for f in forwarded])

    def test_the_range_holding_the_client(self):
        self.assertEqual(self.fields(source="127.0.0.1")[0], "low")
        self.assertEqual(self.fields(source="127.0.0.2")[0], "two")  # cut out of the wider range
        # the wider range was cut where 127.0.0.3-127.0.0.9 went: deleting that leaves a hole
        self.assertEqual(self.fields(source="127.0.0.3")[0], "outside")

    def test_ranges_of_a_source_variable(self):
        arg = lambda a: self.fields("/?a=" + a)[1]
        self.assertEqual(arg("192.168.1.9"), "lan")  # a range across two /16 pieces
        self.assertEqual(arg("192.168.0.1"), "lan")
        self.assertEqual(arg("192.168.1.10"), "")    # no default: empty
        self.assertEqual(arg("garbage"), "")
        self.assertEqual(arg("::1"), "")             # ranges are IPv4 only

    def test_a_trusted_proxy_gives_the_client_address(self):
        self.assertEqual(self.fields(forwarded=["192.0.2.5"])[2], "doc")
        self.assertEqual(self.fields(forwarded=["10.1.1.1, 192.0.2.5"])[2], "doc")  # the last address
        self.assertEqual(self.fields(forwarded=["192.0.2.5:8080"])[2], "doc")  # with a port
        self.assertEqual(self.fields(forwarded=["junk"])[2], "loopback")
        self.assertEqual(self.fields()[2], "loopback")  # no header: the connection's address
        self.assertEqual(self.fields(source="127.0.0.2", forwarded=["192.0.2.5"])[2], "loopback")  # untrusted

    def test_proxy_recursive_walks_past_trusted_addresses(self):
        self.assertEqual(self.fields(forwarded=["192.0.2.5, 10.1.1.1"])[3], "doc")
        self.assertEqual(self.fields(forwarded=["192.0.2.5", "10.1.1.1"])[3], "doc")  # across headers
        self.assertEqual(self.fields(forwarded=["10.1.1.1"])[3], "ten")  # trusted, but nothing before it
        self.assertEqual(self.fields(forwarded=["192.0.2.5, junk, 10.1.1.1"])[3], "ten")


if __name__ == "__main__":
    unittest.main()
