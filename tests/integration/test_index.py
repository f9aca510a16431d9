"""The index module: a URI ending in '/' goes by an internal redirect to its first index file found (so
$uri names the file and the locations are chosen again), absolute names and names with variables, the
redirect cycle, and the answers and log lines when nothing is found; POST as nginx's static module takes it.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import unittest

from nproxy_testlib import Nproxy, fetch, free_port, http_conf


class Index(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{cls.port};
        server_name localhost;
        root html;
        add_header X-URI $uri;
        location / {{ }}
        location = /exact/index.html {{ return 200 "chosen again"; }}
        location /redirect/ {{ index /re.html; }}
        location /loop/ {{ index /loop/; }}
        location /many/ {{ alias html/; index missing.html many.html; }}
        location /var/ {{ alias html/; index $arg_name.html; }}
        location /quiet/ {{ log_not_found off; }}
    }}""")
        files = {"html/index.html": "body", "html/many.html": "manybody", "html/re.html": "rebody",
                 "html/exact/index.html": "file", "html/empty/.keep": ""}
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port], files=files))
        cls.html = str(cls.nproxy.path / "html")

    def get(self, path, method="GET"):
        return fetch(self.port, path, method=method)

    def test_the_index_file_is_served_by_an_internal_redirect(self):
        response = self.get("/")
        self.assertEqual((response.status, response.header("x-uri"), response.body), (200, "/index.html", b"body"))
        # the redirected URI chooses its location again
        self.assertEqual(self.get("/exact/").body, b"chosen again")

    def test_absolute_names_and_names_with_variables(self):
        response = self.get("/redirect/")
        self.assertEqual((response.header("x-uri"), response.body), ("/re.html", b"rebody"))
        self.assertEqual(self.get("/many/").body, b"manybody")
        response = self.get("/var/?name=many")
        self.assertEqual((response.header("x-uri"), response.body), ("/var/many.html", b"manybody"))

    def test_an_index_that_redirects_to_itself_ends_in_500(self):
        self.assertEqual(self.get("/loop/").status, 500)
        self.assertIsNotNone(self.nproxy.wait_for_log(
            "error.log", r'\[error\] .*rewrite or internal redirection cycle while internally redirecting to "/loop/"'))

    def test_nothing_found_is_403_for_a_folder_and_404_without_one(self):
        self.assertEqual(self.get("/empty/").status, 403)
        self.assertIsNotNone(self.nproxy.wait_for_log(
            "error.log", rf'\[error\] .*directory index of "{self.html}/empty/" is forbidden'))
        self.assertEqual(self.get("/none/").status, 404)
        self.assertIsNotNone(self.nproxy.wait_for_log(
            "error.log", rf'\[error\] .*"{self.html}/none/index.html" is not found \(2: No such file or directory\)'))
        self.assertEqual(self.get("/quiet/").status, 404)
        self.assertNotIn("/quiet/", self.nproxy.error_log())

    def test_post_follows_the_index_and_is_refused_by_the_file(self):
        self.assertEqual(self.get("/", method="POST").status, 405)
        self.assertEqual(self.get("/empty/", method="POST").status, 403)
        self.assertEqual(self.get("/nofile", method="POST").status, 404)
        self.assertEqual(self.get("/", method="PUT").status, 405)


if __name__ == "__main__":
    unittest.main()
