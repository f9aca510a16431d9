"""ssl_certificate / ssl_certificate_key with variables (nginx 1.15.9+): the files are chosen in each
handshake from the connection's variables, here by SNI ($ssl_server_name), by a geo variable on the
client's address (clients from 127.0.0.1 and 127.0.0.2) and by $https, "on" already; a name that leads
to no file fails the handshake with nginx's error log line; keys are decrypted with ssl_password_file.
Sessions resume across servers whose certificate names are the same, and not across others. Each
expectation was checked against nginx 1.22 (NPROXY=/usr/sbin/nginx), except the one resumption across
servers, which is newer nginx's."""

import re
import socket
import ssl
import subprocess
import unittest

import certs
from nproxy_testlib import Nproxy, free_ports, http_conf, nproxy_binary, read_response, request_bytes


def encrypted_copy(key_path, password):
    return subprocess.run(["openssl", "pkey", "-in", str(key_path), "-aes128", "-passout", f"pass:{password}"],
                          check=True, capture_output=True).stdout


class CertificateVariables(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        pki = certs.shared_pki()
        cls.pki = pki
        cls.client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # one context: sessions are its own
        cls.client.load_verify_locations(str(pki.ca_crt))
        cls.sni, cls.geo, cls.same, cls.other, cls.https = free_ports(5)
        def server(port, names, text, extra=""):
            return f"""
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate     {names}.crt;
        ssl_certificate_key {names}.key;
        {extra}
        return 200 "{text}\\n";
    }}"""
        with_password = "ssl_password_file passwords;"
        conf = http_conf("""
    geo $pick {
        default    a;
        127.0.0.2  b;
    }
    add_header X-Reused $ssl_session_reused;
    ssl_session_cache shared:SSL:1m;""" + server(cls.sni, "sni/$ssl_server_name", "sni $ssl_server_name") +
                         server(cls.geo, "geo/$pick", "geo $pick", with_password) +
                         server(cls.same, "sni/$ssl_server_name", "same") +
                         server(cls.other, "geo/$pick", "other", with_password) +
                         server(cls.https, "https-$https", "https $https"))
        files = {
            "sni/a.example.com.crt": pki.a_crt, "sni/a.example.com.key": pki.a_key,
            "sni/b.example.com.crt": pki.b_crt, "sni/b.example.com.key": pki.b_key,
            "geo/a.crt": pki.a_crt, "geo/a.key": encrypted_copy(pki.a_key, "secret"),
            "geo/b.crt": pki.b_crt, "geo/b.key": pki.b_key,
            "passwords": "wrong\nsecret\n",
            "https-on.crt": pki.a_crt, "https-on.key": pki.a_key,
        }
        cls.proxy = cls.enterClassContext(Nproxy(conf, [cls.sni, cls.geo, cls.same, cls.other, cls.https],
                                                 files=files))

    def get(self, port, name, *, source="127.0.0.1", session=None):
        """The certificate's CN, the response's text and X-Reused, and the TLS session."""
        sock = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
        with self.client.wrap_socket(sock, server_hostname=name, session=session) as tls:
            subject = dict(item[0] for item in tls.getpeercert()["subject"])
            tls.sendall(request_bytes("GET", "/", host=name, headers=[("Connection", "close")]))
            with tls.makefile("rb") as reader:
                response = read_response(reader)
            return subject["commonName"], response.text, response.header("X-Reused"), tls.session

    def test_the_certificate_is_chosen_by_sni(self):
        self.assertEqual(self.get(self.sni, "a.example.com")[:2], ("a.example.com", "sni a.example.com\n"))
        self.assertEqual(self.get(self.sni, "b.example.com")[:2], ("b.example.com", "sni b.example.com\n"))

    def test_the_certificate_is_chosen_by_geo_on_the_client_address(self):
        # the key of geo/a is encrypted: the second password of the file opens it
        self.assertEqual(self.get(self.geo, "a.example.com", source="127.0.0.1")[:2], ("a.example.com", "geo a\n"))
        self.assertEqual(self.get(self.geo, "b.example.com", source="127.0.0.2")[:2], ("b.example.com", "geo b\n"))

    def test_https_is_on_while_the_names_are_rendered(self):
        self.assertEqual(self.get(self.https, "a.example.com")[:2], ("a.example.com", "https on\n"))

    def test_a_name_without_files_fails_the_handshake(self):
        with self.assertRaises((ssl.SSLError, ConnectionError)):
            self.get(self.sni, "nx.example.com")
        pattern = (r'\[error\] .*cannot load certificate "' + re.escape(str(self.proxy.path)) +
                   r'/sni/nx\.example\.com\.crt": BIO_new_file\(\) failed .*while SSL handshaking, client: 127\.0\.0\.1')
        self.proxy.wait_for_log("error.log", pattern)

    def test_sessions_resume_where_the_certificate_names_are_the_same(self):
        _, _, reused, session = self.get(self.sni, "a.example.com")
        self.assertEqual(reused, ".")
        self.assertEqual(self.get(self.sni, "a.example.com", session=session)[2], "r")
        self.assertEqual(self.get(self.other, "a.example.com", session=session)[2], ".")  # other names
        if nproxy_binary().name == "nginx":
            self.skipTest("nginx 1.22 keeps ticket keys per server; newer nginx shares them, as nproxy")
        self.assertEqual(self.get(self.same, "a.example.com", session=session)[2], "r")


if __name__ == "__main__":
    unittest.main()
