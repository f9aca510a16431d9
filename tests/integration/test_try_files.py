"""try_files: the first name found as a file (or as a folder, written with a trailing '/') becomes the URI
the location's content handler answers, proxy_pass included; else the last name answers: an internal
redirect to a URI (with only the arguments written in it), a named location, or "=code"; names with
variables under an alias; a server's own try_files; and the configuration check's messages.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import unittest

from nproxy_testlib import Nproxy, Prefix, config_test, fetch, free_ports, http_conf


class TryFiles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port, cls.backend, cls.bare = free_ports(3)
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost;
        root html;
        location / {{ try_files $uri $uri/ /fallback?from=$uri; }}
        location /fallback {{ return 200 "fallback uri=$uri args=$args"; }}
        location /dropped/ {{ try_files /nothing /fallback; }}
        location /named/ {{ try_files /nothing @named; }}
        location @named {{ return 200 "named uri=$uri args=$args"; }}
        location /code/ {{ try_files /nothing =404; }}
        location /proxy/ {{ try_files /nothing/$uri @backend; }}
        location /found/ {{ try_files /found.txt @backend; proxy_pass http://127.0.0.1:{cls.backend}; }}
        location @backend {{ proxy_pass http://127.0.0.1:{cls.backend}; }}
        location /alias/ {{ alias html/sub/; try_files $uri $uri.txt =404; }}
        location /inner/ {{
            try_files /nothing =404;
            location /inner/deeper/ {{ }}
        }}
    }}
    server {{
        listen 127.0.0.1:{cls.backend};
        location / {{ return 200 "backend $request_uri"; }}
    }}
    server {{
        listen 127.0.0.1:{cls.bare};
        root html;
        try_files /file.txt =404;
        location /loc/ {{ }}
    }}""")
        files = {"html/file.txt": "file", "html/dir/index.html": "index", "html/found.txt": "found",
                 "html/sub/f": "f", "html/sub/g.txt": "g", "html/inner/deeper/x": "x", "html/loc/y": "y"}
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port, cls.backend, cls.bare], files=files))

    def get(self, path, port=None):
        return fetch(port or self.port, path)

    def test_a_file_found_is_served(self):
        self.assertEqual((self.get("/file.txt").status, self.get("/file.txt").body), (200, b"file"))

    def test_a_folder_found_is_the_uri_without_its_slash(self):
        response = self.get("/dir?a=1")
        self.assertEqual(response.status, 301)
        self.assertEqual(response.header("location"), f"http://localhost:{self.port}/dir/?a=1")

    def test_the_last_name_is_an_internal_redirect_with_its_own_arguments(self):
        self.assertEqual(self.get("/missing?x=1").body, b"fallback uri=/fallback args=from=/missing")
        self.assertEqual(self.get("/dropped/?x=1").body, b"fallback uri=/fallback args=")

    def test_a_named_location_keeps_the_request(self):
        self.assertEqual(self.get("/named/a?b=1").body, b"named uri=/named/a args=b=1")

    def test_a_code(self):
        self.assertEqual(self.get("/code/").status, 404)

    def test_proxy_pass_after_try_files(self):
        self.assertEqual(self.get("/proxy/a?q=1").body, b"backend /proxy/a?q=1")
        # a file found changes the URI, but a proxy_pass without a URI sends the request's own
        self.assertEqual(self.get("/found/x?q=2").body, b"backend /found/x?q=2")

    def test_names_with_variables_under_an_alias(self):
        self.assertEqual(self.get("/alias/f").body, b"f")
        self.assertEqual(self.get("/alias/g").body, b"g")
        self.assertEqual(self.get("/alias/h").status, 404)

    def test_try_files_is_not_inherited(self):
        self.assertEqual(self.get("/inner/x").status, 404)
        self.assertEqual(self.get("/inner/deeper/x").body, b"x")

    def test_a_servers_try_files_is_for_uris_no_location_matches(self):
        self.assertEqual(self.get("/anything", self.bare).body, b"file")
        self.assertEqual(self.get("/loc/y", self.bare).body, b"y")


class TryFilesCheck(unittest.TestCase):
    def check(self, directive):
        """The exit code and the stderr text of -t for a location holding `directive`."""
        with Prefix() as prefix:
            server = f"server {{ listen 127.0.0.1:8080; location / {{\n{directive}\n}} }}"
            conf = prefix.write("nproxy.conf", http_conf(server))
            code, lines = config_test(conf, prefix)
            return code, "\n".join(lines)

    def test_messages(self):
        self.assertIn('invalid number of arguments in "try_files" directive', self.check("try_files /a;")[1])
        self.assertIn('invalid code "=4x"', self.check("try_files /a =4x;")[1])
        self.assertIn('invalid code "=1000"', self.check("try_files /a =1000;")[1])
        self.assertIn('"try_files" directive is duplicate', self.check("try_files /a =0404;\ntry_files /b =404;")[1])
        self.assertEqual(self.check("try_files /a $uri/ =0404;")[0], 0)


if __name__ == "__main__":
    unittest.main()
