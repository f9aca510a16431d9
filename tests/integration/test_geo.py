"""nginx's geo module (networks in CIDR form) on real requests: the longest network holding the client's
address, a source variable read as an address (one that is not an address looked up as
255.255.255.255, an IPv4-mapped one as IPv4), delete, include, and the default. Clients come from
127.0.0.1 and 127.0.0.2. Each expectation was checked against nginx 1.22 (NPROXY=/usr/sbin/nginx)."""

import socket
import unittest

from nproxy_testlib import Nproxy, free_ports, http_conf, read_response, request_bytes


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
        with socket.create_connection(("127.0.0.1", self.port), timeout=10, source_address=(source, 0)) as sock:
            sock.sendall(request_bytes("GET", path, headers=[("Connection", "close")]))
            with sock.makefile("rb") as reader:
                response = read_response(reader)
        self.assertEqual(response.status, 200)
        return response.text.rstrip("\n").split("|")

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


if __name__ == "__main__":
    unittest.main()
