"""Operations: the master process and its worker process (restart after a crash, reload, graceful stop, log
reopening), the worker's identity (`user`), worker_connections, `daemon on` and the pid file."""

import errno
import os
import pwd
import re
import shutil
import signal
import subprocess
import threading
import time
import unittest
from pathlib import Path

import certs
from nproxy_testlib import (BackgroundServer, Nproxy, Prefix, children, config_test, connect, fetch, free_port,
                            nproxy_binary, read_request, request_bytes, tls_client_context, wait_for_port, worker_pid)


def conf(http_body, *, main="", events=""):
    """A whole configuration: foreground, logs under the prefix, one worker thread, the master process on
    (nginx's default), access log in logs/access.log."""
    return ("daemon off;\npid logs/nproxy.pid;\nerror_log logs/error.log info;\nworker_processes 1;\n" + main +
            "events {" + events + "}\nhttp {\n    access_log logs/access.log;\n" + http_body + "\n}\n")


def returning(port, text):
    return "server { listen 127.0.0.1:%d; return 200 \"%s\"; }" % (port, text)


def wait_until(predicate, timeout=5.0, step=0.02):
    """Polls predicate (bounded); returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(step)


def uid_of(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return [int(v) for v in re.search(r"^Uid:\s+(.*)$", status, re.M).group(1).split()]


class Load:
    """A thread making requests one after another (each on a new connection) until stopped; it records
    every body and every failure as (time, error)."""

    def __init__(self, port):
        self.port = port
        self.bodies = []
        self.failures = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            try:
                response = fetch(self.port, timeout=5)
                if response.status != 200:
                    self.failures.append((time.monotonic(), f"status {response.status}"))
                self.bodies.append(response.text)
            except OSError as e:
                self.failures.append((time.monotonic(), e))
            time.sleep(0.005)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)


class WorkerProcess(unittest.TestCase):
    def test_kill_9_of_the_worker_is_survived(self):
        port = free_port()
        with Nproxy(conf(returning(port, "ok")), [port]) as n:
            worker = worker_pid(n)
            with Load(port) as load:
                time.sleep(0.2)
                killed_at = time.monotonic()
                os.kill(worker, signal.SIGKILL)
                self.assertTrue(n.wait_for_log("error.log", r"\[alert\] \d+#\d+: worker process %d exited on signal 9"
                                               % worker))
                new = n.wait_for_log("error.log", r"\[notice\] \d+#\d+: start worker process (?!%d\b)(\d+)" % worker)
                self.assertTrue(new, n.error_log())
                served = len(load.bodies)
                self.assertTrue(wait_until(lambda: len(load.bodies) > served + 20, timeout=5))
            # The listening socket stays open in the master: nothing is refused, and at most the requests
            # the dying worker had accepted fail, right at the kill.
            refused = [e for _, e in load.failures if isinstance(e, OSError) and e.errno == errno.ECONNREFUSED]
            self.assertEqual(refused, [])
            late = [(t, e) for t, e in load.failures if t > killed_at + 1.0]
            self.assertEqual(late, [])
            self.assertEqual(children(n.process.pid), [int(new.group(1))])
            self.assertEqual(fetch(port).text, "ok")

    def test_reload_under_load(self):
        port = free_port()
        with Nproxy(conf(returning(port, "generation 0")), [port]) as n:
            first = worker_pid(n)
            with Load(port) as load:
                for generation in (1, 2, 3):
                    (n.path / "nproxy.conf").write_text(conf(returning(port, f"generation {generation}")))
                    n.process.send_signal(signal.SIGHUP)
                    self.assertTrue(wait_until(lambda: load.bodies and load.bodies[-1] == f"generation {generation}"),
                                    load.bodies[-5:])
            self.assertEqual(load.failures, [])
            log = n.error_log()
            self.assertEqual(len(re.findall(r"\[notice\] \d+#\d+: signal 1 \(SIGHUP\) received from \d+, reconfiguring",
                                            log)), 3)
            self.assertEqual(len(re.findall(r"\[notice\] \d+#\d+: reconfiguring$", log, re.M)), 3)
            self.assertRegex(log, r"\[notice\] %d#%d: gracefully shutting down" % (first, first))
            # the old workers are gone once they drained; one worker serves
            self.assertTrue(n.wait_for_log("error.log", r"worker process %d exited with code 0" % first))
            self.assertTrue(wait_until(lambda: len(children(n.process.pid)) == 1))
            self.assertEqual(fetch(port).text, "generation 3")

    def test_reload_with_a_broken_configuration_keeps_serving(self):
        port = free_port()
        with Nproxy(conf(returning(port, "old")), [port]) as n:
            worker = worker_pid(n)
            (n.path / "nproxy.conf").write_text(conf(returning(port, "new")) + "server {\n")
            n.process.send_signal(signal.SIGHUP)
            self.assertTrue(n.wait_for_log("error.log", r"\[emerg\] \d+#\d+: \"server\" directive is not allowed here "
                                           r"in .*nproxy\.conf:\d+"), n.error_log())
            self.assertEqual(fetch(port).text, "old")
            self.assertEqual(children(n.process.pid), [worker])

    def test_reload_with_a_broken_certificate_keeps_serving_the_old_one(self):
        port = free_port()
        pki = certs.shared_pki()
        server = (f"server {{ listen 127.0.0.1:{port} ssl; ssl_certificate certs/server.crt; "
                  f'ssl_certificate_key certs/server.key; return 200 "old"; }}')
        files = {"certs/server.crt": pki.server_crt, "certs/server.key": pki.server_key}
        with Nproxy(conf(server), [port], files=files) as n:
            worker = worker_pid(n)
            client = tls_client_context(pki.ca_crt)
            # key and certificate are read at start and reload only: a broken file changes nothing until then
            (n.path / "certs" / "server.crt").write_text("not a certificate\n")
            self.assertEqual(fetch(port, tls=client, server_hostname="localhost").text, "old")
            n.process.send_signal(signal.SIGHUP)
            self.assertTrue(n.wait_for_log("error.log", r'\[emerg\] \d+#\d+: cannot load certificate ".*server\.crt"'),
                            n.error_log())
            self.assertEqual(fetch(port, tls=client, server_hostname="localhost").text, "old")
            self.assertEqual(children(n.process.pid), [worker])

    def test_sigquit_drains_an_in_flight_response(self):
        got_request = threading.Event()

        def slow(conn, stop):
            with conn.makefile("rb") as reader:
                if read_request(reader) is None:
                    return
                got_request.set()
                stop.wait(1.0)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nslow")

        port = free_port()
        with BackgroundServer(slow) as backend:
            body = "server { listen 127.0.0.1:%d; location / { proxy_pass http://127.0.0.1:%d; } }" % (
                port, backend.port)
            with Nproxy(conf(body), [port]) as n:
                worker = worker_pid(n)
                result = {}

                def call():
                    try:
                        result["response"] = fetch(port, timeout=10)
                    except OSError as e:
                        result["error"] = e

                client = threading.Thread(target=call)
                client.start()
                self.assertTrue(got_request.wait(5))
                n.process.send_signal(signal.SIGQUIT)
                client.join(timeout=10)
                self.assertEqual(n.process.wait(timeout=10), 0)
                self.assertNotIn("error", result)
                self.assertEqual((result["response"].status, result["response"].text), (200, "slow"))
                log = n.error_log()
                self.assertRegex(log, r"\[notice\] \d+#\d+: signal 3 \(SIGQUIT\) received from \d+, shutting down")
                self.assertRegex(log, r"\[notice\] %d#%d: gracefully shutting down" % (worker, worker))
                self.assertRegex(log, r"\[notice\] %d#%d: exiting\n.*\[notice\] %d#%d: exit\n" % ((worker,) * 4))
                self.assertRegex(log, r"worker process %d exited with code 0\n.*\[notice\] %d#%d: exit\n$"
                                 % (worker, n.process.pid, n.process.pid))
                self.assertFalse((n.path / "logs" / "nproxy.pid").exists())

    def test_sigterm_stops_at_once(self):
        port = free_port()
        with Nproxy(conf(returning(port, "ok")), [port]) as n:
            worker = worker_pid(n)
            n.process.send_signal(signal.SIGTERM)
            self.assertEqual(n.process.wait(timeout=5), 0)
            self.assertRegex(n.error_log(), r"signal 15 \(SIGTERM\) received from \d+, exiting\n(.*\n)*.*"
                                            r"%d#%d: exiting\n" % (worker, worker))
            self.assertFalse((n.path / "logs" / "nproxy.pid").exists())

    def test_reopen_after_the_access_log_was_moved(self):
        port = free_port()
        # As root, the worker runs as nobody: the master hands the reopened files to it, as nginx's does.
        user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
        with Nproxy(conf(returning(port, "ok"), main=user), [port]) as n:
            os.chmod(n.path, 0o755)
            os.chmod(n.path / "logs", 0o755)
            worker = worker_pid(n)
            fetch(port, "/before")
            self.assertTrue(n.wait_for_log("access.log", r"GET /before "))
            os.rename(n.path / "logs" / "access.log", n.path / "logs" / "access.log.1")
            n.process.send_signal(signal.SIGUSR1)
            self.assertTrue(n.wait_for_log("error.log", r"\[notice\] %d#%d: reopening logs" % (worker, worker)))
            fetch(port, "/after")
            self.assertTrue(n.wait_for_log("access.log", r"GET /after "), n.error_log())
            self.assertNotIn("/before", n.access_log())
            self.assertNotIn("/after", (n.path / "logs" / "access.log.1").read_text())
            self.assertRegex(n.error_log(), r"signal 10 \(SIGUSR1\) received from \d+, reopening logs")

    @unittest.skipUnless(os.geteuid() == 0, "needs root")
    def test_the_worker_runs_as_the_configured_user(self):
        port = free_port()
        nobody = pwd.getpwnam("nobody").pw_uid
        with Nproxy(conf(returning(port, "ok"), main="user nobody nogroup;\n"), [port]) as n:
            worker = worker_pid(n)
            # (the drop follows the fork by a moment)
            self.assertTrue(wait_until(lambda: uid_of(worker) == [nobody] * 4), uid_of(worker))
            self.assertEqual(uid_of(n.process.pid)[0], 0)
            # the log files opened before the drop stay usable
            self.assertEqual(fetch(port, "/as-nobody").text, "ok")
            self.assertTrue(n.wait_for_log("access.log", r"GET /as-nobody "))


class Limits(unittest.TestCase):
    def test_worker_connections_caps_the_open_connections(self):
        port = free_port()
        with Nproxy(conf(returning(port, "ok"), events="worker_connections 3;"), [port]) as n:
            held = [connect(port) for _ in range(3)]
            try:
                # the three connections are accepted (they wait for a request), then nothing more
                self.assertTrue(n.wait_for_log("error.log", r"\[alert\] \d+#\d+: 3 worker_connections are not enough"),
                                n.error_log())
                extra = connect(port, timeout=0.5)
                with extra:
                    extra.sendall(request_bytes(headers=[("Connection", "close")]))
                    with self.assertRaises(TimeoutError):
                        extra.recv(100)
                    held.pop().close()
                    extra.settimeout(5)
                    self.assertTrue(extra.recv(100).startswith(b"HTTP/1.1 200 OK"))
            finally:
                for s in held:
                    s.close()
            self.assertIsNone(n.process.poll())
            self.assertEqual(fetch(port).text, "ok")


    def test_worker_rlimits_are_the_workers_limits(self):
        port = free_port()
        main = "worker_rlimit_nofile 4321;\nworker_rlimit_core 64m;\n"
        with Nproxy(conf(returning(port, "ok"), main=main), [port]) as n:
            worker = worker_pid(n)
            # (the worker sets them a moment after the fork)
            wait_until(lambda: "4321" in Path(f"/proc/{worker}/limits").read_text())
            limits = Path(f"/proc/{worker}/limits").read_text()
            self.assertRegex(limits, r"Max open files\s+4321\s+4321", limits)
            self.assertRegex(limits, r"Max core file size\s+67108864\s+67108864", limits)
            self.assertNotIn("4321", Path(f"/proc/{n.process.pid}/limits").read_text())
            self.assertEqual(fetch(port).text, "ok")


class Daemon(unittest.TestCase):
    def test_daemon_on_writes_the_masters_pid_and_quits_on_s_quit(self):
        port = free_port()
        text = conf(returning(port, "ok")).replace("daemon off;", "daemon on;")
        with Prefix() as prefix:
            if os.geteuid() == 0:
                text = "user root;\n" + text
            prefix.write("nproxy.conf", text)
            command = [str(nproxy_binary()), "-p", str(prefix), "-c", "nproxy.conf"]
            pid_file = prefix.path / "logs" / "nproxy.pid"
            master = None
            with open(prefix.path / "stderr.txt", "wb") as stderr:
                started = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr, timeout=10)
            try:
                self.assertEqual(started.returncode, 0)
                self.assertTrue(wait_until(pid_file.exists))
                master = int(pid_file.read_text())
                self.assertTrue(wait_for_port(port))
                self.assertEqual(fetch(port).text, "ok")
                self.assertEqual(len(wait_until(lambda: children(master))), 1)
                self.assertIn(f"start worker process {children(master)[0]}",
                              (prefix.path / "logs" / "error.log").read_text())
                quit_ = subprocess.run(command + ["-s", "quit"], stdin=subprocess.DEVNULL, capture_output=True,
                                       timeout=10)
                self.assertEqual(quit_.returncode, 0, quit_.stderr)
                self.assertTrue(wait_until(lambda: not Path(f"/proc/{master}").exists(), timeout=10))
                self.assertFalse(pid_file.exists())
            finally:
                if master and Path(f"/proc/{master}").exists():
                    os.kill(master, signal.SIGKILL)

    def test_master_process_off_serves_and_reloads_in_one_process(self):
        port = free_port()
        with Nproxy(conf(returning(port, "one"), main="master_process off;\n"), [port]) as n:
            self.assertEqual(children(n.process.pid), [])
            (n.path / "nproxy.conf").write_text(conf(returning(port, "two"), main="master_process off;\n"))
            n.process.send_signal(signal.SIGHUP)
            self.assertTrue(wait_until(lambda: fetch(port).text == "two"))
            self.assertEqual(children(n.process.pid), [])


class Install(unittest.TestCase):
    def test_cmake_install_puts_the_binary_the_configuration_and_the_service_files(self):
        build = nproxy_binary().parent
        if not (build / "cmake_install.cmake").is_file() or not shutil.which("cmake"):
            self.skipTest("the binary under test is not in a CMake build folder")
        with Prefix() as prefix:
            root = prefix.path / "installed"
            result = subprocess.run(["cmake", "--install", str(build), "--prefix", str(root)], stdin=subprocess.DEVNULL,
                                    capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue(os.access(root / "sbin" / "nproxy", os.X_OK))
            examples = root / "share" / "doc" / "nproxy" / "examples"
            service = (examples / "nproxy.service").read_text()
            for line in ("Type=forking", "PIDFile=/run/nproxy.pid", "ExecStartPre=/usr/local/sbin/nproxy -t",
                         "ExecReload=/usr/local/sbin/nproxy -s reload", "ExecStop=/usr/local/sbin/nproxy -s quit"):
                self.assertIn(line, service)
            self.assertIn("nproxy -s reopen", (examples / "logrotate.nproxy").read_text())
            # the default configuration is valid (its log and pid paths moved under the prefix for the check)
            text = (root / "etc" / "nproxy" / "nproxy.conf").read_text()
            text = text.replace("/var/log/nproxy/", f"{prefix.path}/logs/").replace("/run/", f"{prefix.path}/logs/")
            prefix.write("nproxy.conf", text)
            code, lines = config_test("nproxy.conf", prefix)
            self.assertEqual(code, 0, lines)
            self.assertRegex(lines[-1], r"configuration file .*nproxy\.conf test is successful")


if __name__ == "__main__":
    unittest.main()
