"""Several worker threads sharing one configuration's state: the upstream group's peer accounting (a peer
that refuses connections is marked failed and tried again), the TLS session store (upstream sessions
saved by one worker resumed by another) and the keepalive pools. Run under ThreadSanitizer by
`scripts/test --tsan`, where any data race fails it; in the normal run it checks the answers."""

import threading
import unittest

from nproxy_testlib import Nproxy, connect, free_ports, http_conf, read_response, request_bytes
from test_proxy_tls import backend_server, parse_echo
import certs

CLIENTS = 8
REQUESTS = 60


class SharedState(unittest.TestCase):
    def test_workers_share_peers_sessions_and_pools(self):
        front, b1, b2, closed = free_ports(4)
        pki = certs.shared_pki()
        backends = http_conf(backend_server(b1, "backend1.example.com") + backend_server(b2, "backend2.example.com"))
        conf = http_conf(f"""
        upstream backend.example.com {{
            server 127.0.0.1:{b1};
            server 127.0.0.1:{b2};
            server 127.0.0.1:{closed} max_fails=2 fail_timeout=1s;
            keepalive 4;
        }}
        server {{
            listen 127.0.0.1:{front};
            location / {{
                proxy_pass https://backend.example.com;
                proxy_http_version 1.1;
                proxy_set_header Connection $arg_c;
                proxy_ssl_certificate {pki.client_pem};
                proxy_ssl_certificate_key {pki.client_key};
                proxy_ssl_trusted_certificate {pki.ca_crt};
                proxy_ssl_verify on;
                proxy_ssl_session_reuse on;
            }}
        }}""").replace("worker_processes 1;", "worker_processes 4;")
        answers = []
        lock = threading.Lock()

        def client(i):
            with connect(front, timeout=30) as sock, sock.makefile("rb") as reader:
                for k in range(REQUESTS):
                    # every third request closes its upstream connection: new handshakes, resumed sessions
                    sock.sendall(request_bytes(path=f"/{i}/{k}" + ("?c=close" if k % 3 == 0 else "")))
                    r = read_response(reader)
                    with lock:
                        answers.append((r.status, *(parse_echo(r.text)[::3] if r.status == 200 else (r.text, ""))))

        with Nproxy(backends, [b1, b2]), Nproxy(conf, [front]) as n:
            threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(120)
            log = n.error_log()
        self.assertEqual(len(answers), CLIENTS * REQUESTS)
        self.assertEqual({status for status, _, _ in answers}, {200}, answers[:5])
        self.assertEqual({name for _, name, _ in answers}, {"backend1.example.com", "backend2.example.com"})
        self.assertIn("r", {reused for _, _, reused in answers})  # sessions were resumed across workers
        self.assertIn("connect() failed (111: Connection refused) while connecting to upstream", log)
        self.assertNotIn("[alert]", log)


if __name__ == "__main__":
    unittest.main()
