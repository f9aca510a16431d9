"""root and alias as nginx maps a URI to a file: the default root under the prefix, a root with variables,
an alias in a regex location (the whole path, with the location's captures), an alias inherited by a
nested location, and a root's trailing '/'.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import unittest

from nproxy_testlib import Nproxy, fetch, free_ports, http_conf


class Roots(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port, cls.default = free_ports(2)
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost;
        root sites/$host;
        location ~ ^/img/(.+)$ {{ alias data/$1; }}
        location /nested/ {{
            alias data/;
            location ~ txt$ {{ }}
        }}
        location /slash/ {{ root sites/localhost/; }}
        location /names/ {{ return 200 "$document_root|$request_filename"; }}
    }}
    server {{
        listen 127.0.0.1:{cls.default};
        location /names/ {{ return 200 "$document_root|$request_filename"; }}
    }}""")
        files = {"sites/localhost/a.txt": "localhost", "sites/127.0.0.1/a.txt": "by address",
                 "data/b.txt": "data", "html/c.txt": "default", "sites/localhost/slash/d.txt": "slash"}
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port, cls.default], files=files))
        cls.prefix = str(cls.nproxy.path)

    def body(self, path, port=None, host="localhost"):
        response = fetch(port or self.port, path, host=host)
        return response.status, response.body.decode()

    def test_a_root_with_variables_is_made_per_request(self):
        self.assertEqual(self.body("/a.txt"), (200, "localhost"))
        self.assertEqual(self.body("/a.txt", host="127.0.0.1"), (200, "by address"))
        root = f"{self.prefix}/sites/localhost"
        self.assertEqual(self.body("/names/x"), (200, f"{root}|{root}/names/x"))

    def test_an_alias_in_a_regex_location_is_the_whole_path(self):
        self.assertEqual(self.body("/img/b.txt"), (200, "data"))
        self.assertEqual(self.body("/img/none.txt")[0], 404)

    def test_a_nested_location_keeps_the_alias_it_inherits(self):
        self.assertEqual(self.body("/nested/b.txt"), (200, "data"))

    def test_the_default_root_is_html_under_the_prefix(self):
        self.assertEqual(self.body("/c.txt", self.default), (200, "default"))
        self.assertEqual(self.body("/names/y", self.default),
                         (200, f"{self.prefix}/html|{self.prefix}/html/names/y"))

    def test_a_roots_trailing_slash_is_dropped(self):
        self.assertEqual(self.body("/slash/d.txt"), (200, "slash"))


if __name__ == "__main__":
    unittest.main()
