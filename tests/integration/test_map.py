"""nginx's map module on real requests: exact keys without case, hostname wildcards (the most specific
first, head before tail), regexes in the order written with their captures in the value, "\\" escaping a
key, the default, include inside the block, values with variables, and map_hash_* accepted. Each
expectation was checked against nginx 1.22 (NPROXY=/usr/sbin/nginx)."""

import unittest

from nproxy_testlib import Nproxy, Prefix, config_test, fetch, free_ports, http_conf


class MapVariables(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        (cls.port,) = free_ports(1)
        conf = http_conf(f"""
    map_hash_max_size 4096;
    map_hash_bucket_size 128;
    map $arg_k $by_key {{
        default   none;
        Apple     fruit;
        \\default  escaped;
        ~^num(?<digits>[0-9]+)$  number-$1-$digits;
        ~*^CASE   caseless;
        ~^case    cased;
        ~a        first-regex;
        ~b        second-regex;
        include   extra.map;
        ""        empty;
    }}
    map $http_host $by_host {{
        hostnames;
        default           other;
        example.org       exact;
        *.example.org     star;
        .www.example.org  dot-www;
        www.example.*     tail;
        ~^www\\.          regex;
    }}
    map $uri $with_vars {{
        /vars  "$request_method:$arg_k";
    }}
    map $arg_k $no_default {{
        x  1;
    }}
    map $uri $cycle {{
        default  "$cycle";
    }}
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost;
        location /cycle {{
            return 200 "[$cycle]\n";
        }}
        location / {{
            return 200 "$by_key|$by_host|$with_vars|$no_default\\n";
        }}
    }}""")
        cls.proxy = cls.enterClassContext(Nproxy(conf, [cls.port], files={"extra.map": "included  from-file;\n"}))

    def fields(self, path, host="localhost"):
        response = fetch(self.port, path, host=host)
        self.assertEqual(response.status, 200)
        return response.text.rstrip("\n").split("|")

    def key(self, value):
        return self.fields("/?k=" + value)[0]

    def test_exact_keys_match_without_case_before_regexes(self):
        self.assertEqual(self.key("apple"), "fruit")
        self.assertEqual(self.key("APPLE"), "fruit")
        self.assertEqual(self.key("included"), "from-file")
        self.assertEqual(self.key("default"), "escaped")

    def test_regexes_in_order_with_captures(self):
        self.assertEqual(self.key("num42"), "number-42-42")
        self.assertEqual(self.key("cAsE"), "caseless")
        self.assertEqual(self.key("ab"), "first-regex")
        self.assertEqual(self.key("b"), "second-regex")

    def test_default_and_empty(self):
        self.assertEqual(self.key("zzz"), "none")
        self.assertEqual(self.fields("/")[0], "empty")  # no argument: the empty key
        self.assertEqual(self.fields("/?k=q")[3], "")  # a map without default gives an empty value

    def test_hostnames(self):
        host = lambda h: self.fields("/", host=h)[1]
        self.assertEqual(host("example.org"), "exact")
        self.assertEqual(host("a.example.org"), "star")
        self.assertEqual(host("a.www.example.org"), "dot-www")  # the most specific wildcard
        self.assertEqual(host("www.example.org"), "dot-www")  # ".name" covers the name, before a tail wildcard
        self.assertEqual(host("www.example.com"), "tail")
        self.assertEqual(host("www.other.net"), "regex")
        self.assertEqual(host("Example.ORG."), "exact")  # the final dot dropped, case ignored
        self.assertEqual(host("nothing.net"), "other")

    def test_values_with_variables(self):
        self.assertEqual(self.fields("/vars?k=v")[2], "GET:v")
        self.assertEqual(self.fields("/other")[2], "")

    def test_a_map_that_uses_itself_does_not_bring_the_server_down(self):
        response = fetch(self.port, "/cycle")
        self.assertIn(response.status, (200, 500))  # nproxy: an empty value; nginx: 500 ("cycle while evaluating")
        self.assertEqual(fetch(self.port, "/?k=apple").status, 200)


class MapConfigTest(unittest.TestCase):
    def test_a_regex_that_does_not_compile_fails_the_test(self):
        with Prefix() as prefix:
            conf = prefix.write("nproxy.conf", http_conf("map $uri $m {\n    ~( 1;\n}"))
            code, lines = config_test(conf, prefix)
        self.assertEqual(code, 1)
        self.assertRegex("\n".join(lines), r'pcre2_compile\(\) failed: missing closing parenthesis in "\(" in .*nproxy\.conf:\d+')


class MapValuesKept(unittest.TestCase):
    """As nginx: a map's value is computed once per request and kept through an internal redirect (here
    index's), unless the map is volatile."""

    @classmethod
    def setUpClass(cls):
        (cls.port,) = free_ports(1)
        conf = http_conf(f"""
    map $uri $kept {{
        /1/          /1/redirect;
        /1/redirect  computed-again;
    }}
    map $uri $computed {{
        volatile;
        /2/          /2/redirect;
        /2/redirect  computed-again;
    }}
    server {{
        listen 127.0.0.1:{cls.port};
        location /1 {{ index $kept; }}
        location /1/redirect {{ add_header X-URI $kept always; }}
        location /2 {{ index $computed; }}
        location /2/redirect {{ add_header X-URI $computed always; }}
    }}""")
        cls.proxy = cls.enterClassContext(Nproxy(conf, [cls.port]))

    def test_a_value_is_kept_unless_volatile(self):
        self.assertEqual(fetch(self.port, "/1/").header("x-uri"), "/1/redirect")
        self.assertEqual(fetch(self.port, "/2/").header("x-uri"), "computed-again")


if __name__ == "__main__":
    unittest.main()
