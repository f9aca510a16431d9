"""A configuration written for Debian's nginx runs unchanged: `load_module` lines (Debian's nginx.conf loads
every installed module), `thread_pool`, and the HTTP/2 module's tuning on a `listen ... ssl http2` server,
which nproxy serves over HTTP/1.1 (ALPN never picks h2)."""

import socket
import ssl
import unittest

import certs
from nproxy_testlib import MAIN_CONF, Nproxy, Prefix, config_test, fetch, free_port, tls_client_context


def debian_style(port, pki):
    return MAIN_CONF.format(error_level="info") + f"""
http {{
    http2_recv_buffer_size 256k;
    http2_max_concurrent_streams 64;
    http2_idle_timeout 3m;
    server {{
        listen 127.0.0.1:{port} ssl http2;
        server_name localhost;
        ssl_certificate {pki.server_crt};
        ssl_certificate_key {pki.server_key};
        http2_push_preload on;
        http2_chunk_size 8k;
        location / {{ aio threads=io; return 200 "alpn=$ssl_alpn_protocol"; }}
    }}
}}
"""


class DropIn(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pki = certs.shared_pki()

    def test_a_config_loading_modules_is_checked_and_served(self):
        port = free_port()
        modules = "load_module modules/ngx_http_geoip_module.so;\nthread_pool io threads=2;\n"
        text = modules + debian_style(port, self.pki)
        with Prefix() as prefix:
            prefix.write("modules/ngx_http_geoip_module.so", "a module file nproxy does not open")
            prefix.write("conf/nginx.conf", text)
            code, lines = config_test("conf/nginx.conf", prefix)
            stderr = "\n".join(lines)
            self.assertEqual(code, 0, stderr)
            self.assertIn(f'[warn] nginx module "{prefix}modules/ngx_http_geoip_module.so" is not loaded by '
                          "nproxy; its directives will be refused in", stderr)
            self.assertIn('the "http2_idle_timeout" directive is obsolete, use the "keepalive_timeout" directive '
                          "instead", stderr)

        with Nproxy(text, [port], files={"modules/ngx_http_geoip_module.so": "x"}) as n:
            context = tls_client_context(self.pki.ca_crt)
            context.set_alpn_protocols(["h2", "http/1.1"])
            response = fetch(port, "/", tls=context, server_hostname="localhost")
            self.assertEqual((response.status, response.body), (200, b"alpn=http/1.1"))
            self.assertIn("is not loaded by nproxy", n.stderr() + n.error_log())

    def test_a_missing_module_fails_as_in_nginx(self):
        with Prefix() as prefix:
            prefix.write("conf/nginx.conf", "load_module modules/ngx_none.so;\nevents {}\n")
            code, lines = config_test("conf/nginx.conf", prefix)
            self.assertEqual(code, 1)
            path = f"{prefix}modules/ngx_none.so"
            self.assertIn(f'[emerg] dlopen() "{path}" failed ({path}: cannot open shared object file: No such file '
                          "or directory) in", "\n".join(lines))


if __name__ == "__main__":
    unittest.main()
