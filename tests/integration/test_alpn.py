"""ALPN on ssl listeners, as nginx without HTTP/2: http/1.1 (or 1.0, 0.9) chosen from what the client
offers and given as $ssl_alpn_protocol, a client offering only other protocols refused with
no_application_protocol, a client without ALPN served; $ssl_early_data empty.

The expected answers are nginx 1.22.1's; running this file with NPROXY=/usr/sbin/nginx checks them."""

import socket
import ssl
import unittest

import certs
from nproxy_testlib import Nproxy, fetch, free_port, http_conf, tls_client_context


class Alpn(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pki = certs.shared_pki()
        cls.port = free_port()
        conf = http_conf(f"""
    server {{
        listen 127.0.0.1:{cls.port} ssl;
        server_name localhost;
        ssl_certificate {cls.pki.server_crt};
        ssl_certificate_key {cls.pki.server_key};
        location / {{ return 200 "alpn=$ssl_alpn_protocol early=$ssl_early_data"; }}
    }}""")
        cls.nproxy = cls.enterClassContext(Nproxy(conf, [cls.port]))

    def context(self, protocols):
        context = tls_client_context(self.pki.ca_crt)
        if protocols:
            context.set_alpn_protocols(protocols)
        return context

    def test_http_1_1_is_chosen_from_the_offer(self):
        response = fetch(self.port, "/", tls=self.context(["h2", "http/1.1"]), server_hostname="localhost")
        self.assertEqual(response.body, b"alpn=http/1.1 early=")
        response = fetch(self.port, "/", tls=self.context(["http/1.0"]), server_hostname="localhost")
        self.assertEqual(response.body, b"alpn=http/1.0 early=")

    def test_a_client_without_alpn_is_served(self):
        response = fetch(self.port, "/", tls=self.context(None), server_hostname="localhost")
        self.assertEqual(response.body, b"alpn= early=")

    def test_a_client_offering_only_other_protocols_is_refused(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as raw:
            with self.assertRaisesRegex(ssl.SSLError, "(?i)no.application.protocol"):
                self.context(["h2"]).wrap_socket(raw, server_hostname="localhost")


if __name__ == "__main__":
    unittest.main()
