"""Helpers for nproxy's integration tests (Python unittest).

CTest runs each tests/integration/test_*.py as `python3 -m unittest -v NAME` from this folder, with
NPROXY (the built binary) and NPROXY_SOURCE_DIR (the repository) in the environment. Run by hand, the
defaults are the repository holding this file and its build/nproxy.
"""

import functools
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("NPROXY_SOURCE_DIR") or Path(__file__).resolve().parents[2])
EXAMPLES_DIR = SOURCE_DIR / "examples"


def nproxy_binary() -> Path:
    """The nproxy binary under test: $NPROXY, else build/nproxy in the repository."""
    binary = Path(os.environ.get("NPROXY") or SOURCE_DIR / "build" / "nproxy")
    if not binary.is_file():
        raise FileNotFoundError(f"nproxy binary not found at {binary} (build it, or set NPROXY)")
    return binary


def gen_certs(directory) -> Path:
    """Fills `directory` with the test PKI of scripts/gen-certs and returns it."""
    directory = Path(directory)
    subprocess.run([str(SOURCE_DIR / "scripts" / "gen-certs"), str(directory)],
                   check=True, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    return directory


class Prefix:
    """A temporary prefix folder (what `nproxy -p` is given) with logs/ in it; removed on exit.

        with Prefix() as prefix:
            prefix.add_certs()
            conf = prefix.copy_in(EXAMPLES_DIR / "secure-upstream.conf")
    """

    def __init__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="nproxy-test-")
        self.path = Path(self._tmp.name)
        (self.path / "logs").mkdir()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._tmp.cleanup()

    def __str__(self):
        return f"{self.path}/"

    def add_certs(self, name="certs") -> Path:
        """Generates the test PKI into `name` below the prefix."""
        return gen_certs(self.path / name)

    def copy_in(self, source, name=None) -> Path:
        """Copies a file into the prefix and returns its new path."""
        target = self.path / (name or Path(source).name)
        shutil.copyfile(source, target)
        return target

    def write(self, name, text) -> Path:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        return target


def config_test(conf, prefix, *, hosts_file=None, extra_args=()):
    """Runs `nproxy -t -p PREFIX -c CONF` and returns (exit code, stderr lines).

    With hosts_file, nproxy runs with that file mounted over /etc/hosts (see with_etc_hosts)."""
    command = [str(nproxy_binary()), "-t", "-p", str(prefix), "-c", str(conf), *extra_args]
    if hosts_file is not None:
        command = with_etc_hosts(command, hosts_file)
    result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    return result.returncode, result.stderr.splitlines()


def with_etc_hosts(command, hosts_file):
    """Wraps a command so it runs in a private mount namespace where hosts_file is /etc/hosts."""
    script = 'mount --bind "$0" /etc/hosts && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, str(hosts_file), *command]


@functools.cache
def can_replace_etc_hosts() -> bool:
    """True when this process may run commands under a private /etc/hosts (root, and unshare -m works)."""
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("mount"):
        return False
    with tempfile.NamedTemporaryFile("w", suffix=".hosts") as hosts:
        hosts.write("127.0.0.2 nproxy-probe.invalid\n")
        hosts.flush()
        probe = with_etc_hosts(["getent", "hosts", "nproxy-probe.invalid"], hosts.name)
        try:
            result = subprocess.run(probe, stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return False
        return result.returncode == 0


def resolves(host) -> bool:
    """Whether getaddrinfo finds the name here, as nginx asks when it reads `server NAME` in an upstream."""
    try:
        socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return False
    return True


def nginx_line(level, message):
    """A regex for one log line as nginx writes it to stderr during -t: `PROGRAM: [LEVEL] MESSAGE`."""
    return re.compile(r"\S+: \[" + re.escape(level) + r"\] " + re.escape(message))


def notice_line(message):
    """A regex for -t's unlevelled lines (`PROGRAM: the configuration file ... syntax is ok`)."""
    return re.compile(r"\S+: " + re.escape(message))


# ---------------------------------------------------------------------------------------------------------
# Serving: running nproxy on loopback, and talking to it.

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A loopback TCP port that was free a moment ago (bound to port 0, then released)."""
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def free_ports(count):
    """`count` distinct free loopback ports (all held until all are picked, so they differ)."""
    held = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind((LOOPBACK, 0))
            held.append(s)
        return [s.getsockname()[1] for s in held]
    finally:
        for s in held:
            s.close()


def wait_for_port(port, *, host=LOOPBACK, timeout=10.0, alive=lambda: True) -> bool:
    """Waits (bounded) until something accepts TCP connections on host:port. False on timeout or when
    alive() turns false (the server died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.02)
    return False


# The main-context lines every serving test needs: foreground, logs under the prefix, one worker.
MAIN_CONF = """daemon off;
pid logs/nproxy.pid;
error_log logs/error.log {error_level};
worker_processes 1;
events {{}}
"""


class Nproxy:
    """An nproxy serving `conf_text` (a whole configuration file) from its own prefix, on the given
    ports; a context manager that always stops it (SIGQUIT, then SIGKILL after a bounded wait).

        with Nproxy(http_conf("server { listen 127.0.0.1:%d; return 200 ok; }" % port), [port]) as n:
            ...
            n.error_log()   # the text of logs/error.log so far

    `files` maps names below the prefix to text to write there before start (or to Paths to copy)."""

    def __init__(self, conf_text, ports, *, files=None, start_timeout=10.0):
        self.conf_text = conf_text
        self.ports = list(ports)
        self.files = files or {}
        self.start_timeout = start_timeout
        self.prefix = None
        self.process = None

    @property
    def path(self) -> Path:
        return self.prefix.path

    def __enter__(self):
        self.prefix = Prefix()
        try:
            for name, content in self.files.items():
                if isinstance(content, Path):
                    target = self.path / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(content, target)
                elif isinstance(content, bytes):
                    target = self.path / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(content)
                else:
                    self.prefix.write(name, content)
            conf_text = self.conf_text
            if os.geteuid() == 0 and not re.search(r"^\s*user\s", conf_text, re.M):
                # Started as root, the worker process of nproxy (as nginx's) would otherwise run as nobody
                # and could not read the private prefix.
                conf_text = "user root;\n" + conf_text
            self.prefix.write("nproxy.conf", conf_text)
            self._stderr = open(self.path / "stderr.txt", "w+b")
            self.process = subprocess.Popen(
                [str(nproxy_binary()), "-p", str(self.prefix), "-c", "nproxy.conf"],
                stdin=subprocess.DEVNULL, stdout=self._stderr, stderr=self._stderr)
            for port in self.ports:
                if not wait_for_port(port, timeout=self.start_timeout, alive=lambda: self.process.poll() is None):
                    raise RuntimeError(f"nproxy did not listen on {port} (exit {self.process.poll()}):\n"
                                       f"{self.stderr()}\n{self.error_log()}")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def stop(self, sig=signal.SIGQUIT, timeout=5.0):
        """Stops nproxy (sig, then SIGKILL after `timeout` s); returns its exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            try:
                self.process.send_signal(sig)
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        return self.process.returncode

    def __exit__(self, *exc):
        try:
            self.stop()
        finally:
            if getattr(self, "_stderr", None):
                self._stderr.close()
            if self.prefix:
                self.prefix.__exit__(None, None, None)

    def _read(self, name):
        try:
            return (self.path / name).read_text(errors="replace")
        except OSError:
            return ""

    def stderr(self):
        return self._read("stderr.txt")

    def error_log(self):
        return self._read("logs/error.log")

    def access_log(self):
        return self._read("logs/access.log")

    def wait_for_log(self, name, pattern, timeout=5.0):
        """Waits (bounded) until logs/NAME matches the regex; returns the match or None."""
        deadline = time.monotonic() + timeout
        while True:
            found = re.search(pattern, self._read(f"logs/{name}"), re.M)
            if found or time.monotonic() >= deadline:
                return found
            time.sleep(0.05)


def children(pid):
    """The pids of a process's children (its worker processes)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def worker_pid(n, timeout=10.0):
    """The pid of the one worker process of a running Nproxy (waits, bounded, until it is started)."""
    deadline = time.monotonic() + timeout
    while True:
        found = children(n.process.pid)
        if len(found) == 1 or time.monotonic() >= deadline:
            break
        time.sleep(0.02)
    if len(found) != 1:
        raise AssertionError(f"expected one worker process, found {found}")
    return found[0]


# Set by CTest for a sanitizer build, whose allocator keeps freed memory aside: RSS bounds do not apply.
SANITIZED = os.environ.get("NPROXY_SANITIZED") == "1"


def http_conf(http_body, *, error_level="info", main=""):
    """A whole configuration file: MAIN_CONF, any extra main-context lines, and http { http_body }, with
    the access log in logs/access.log."""
    return (MAIN_CONF.format(error_level=error_level) + main +
            "http {\n    access_log logs/access.log;\n" + http_body + "\n}\n")


class Response:
    """One HTTP response read off a byte stream: status, reason, headers (lower-case names, in order), body."""

    def __init__(self, version, status, reason, headers, body):
        self.version, self.status, self.reason, self.headers, self.body = version, status, reason, headers, body

    def header(self, name, default=None):
        name = name.lower()
        for k, v in self.headers:
            if k == name:
                return v
        return default

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def __repr__(self):
        return f"<Response {self.status} {self.headers} {self.body[:200]!r}>"


def _read_head(reader):
    """The first line and the header fields [(name, value)] of a message; None at the connection's end."""
    line = reader.readline(65537)
    if not line:
        return None
    headers = []
    while True:
        h = reader.readline(65537)
        if h in (b"\r\n", b"\n", b""):
            break
        name, _, value = h.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    return line.decode("latin-1").rstrip("\r\n"), headers


def _read_chunked(reader):
    """A chunked body (its trailer skipped), decoded."""
    parts = []
    while True:
        size = int(reader.readline(1024).split(b";")[0].strip(), 16)
        if size == 0:
            while reader.readline(65537) not in (b"\r\n", b"\n", b""):
                pass
            return b"".join(parts)
        parts.append(reader.read(size))
        reader.readline(8)


def read_response(reader, *, method="GET") -> Response:
    """Reads one response from a binary file-like reader (socket.makefile('rb')); the body is framed by
    Content-Length, chunked encoding, or the connection's end."""
    head = _read_head(reader)
    if head is None:
        raise ConnectionError("connection closed before a status line")
    line, headers = head
    version, status, reason = (line.split(" ", 2) + [""])[:3]
    headers = [(name.lower(), value) for name, value in headers]
    response = Response(version, int(status), reason, headers, b"")
    if method == "HEAD" or response.status in (204, 304) or 100 <= response.status < 200:
        return response
    length = response.header("content-length")
    if response.header("transfer-encoding", "").lower() == "chunked":
        response.body = _read_chunked(reader)
    elif length is not None:
        response.body = reader.read(int(length))
    else:
        response.body = reader.read()
    return response


def connect(port, *, timeout=10.0, tls=None, server_hostname=None):
    """A TCP connection to loopback:port with a timeout; wrapped in TLS when `tls` (an SSLContext) is given."""
    sock = socket.create_connection((LOOPBACK, port), timeout=timeout)
    if tls is not None:
        try:
            sock = tls.wrap_socket(sock, server_hostname=server_hostname)
        except BaseException:
            sock.close()
            raise
    return sock


def request_bytes(method="GET", path="/", *, host="localhost", headers=(), body=b"", version="HTTP/1.1"):
    """A request as bytes. `host=None` leaves the Host header out; Content-Length is added for a body."""
    lines = [f"{method} {path} {version}"]
    if host is not None:
        lines.append(f"Host: {host}")
    for name, value in headers:
        lines.append(f"{name}: {value}")
    if body and not any(n.lower() in ("content-length", "transfer-encoding") for n, _ in headers):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def exchange(port, data, *, count=1, timeout=10.0, tls=None, server_hostname=None, methods=None):
    """Sends raw bytes in one write and reads `count` responses from the same connection."""
    with connect(port, timeout=timeout, tls=tls, server_hostname=server_hostname) as sock:
        sock.sendall(data)
        with sock.makefile("rb") as reader:
            return [read_response(reader, method=(methods or ["GET"] * count)[i]) for i in range(count)]


def fetch(port, path="/", *, method="GET", host="localhost", headers=(), body=b"", timeout=10.0, tls=None,
          server_hostname=None) -> Response:
    """One request on a new connection (Connection: close); returns the Response."""
    data = request_bytes(method, path, host=host, headers=[*headers, ("Connection", "close")], body=body)
    return exchange(port, data, timeout=timeout, tls=tls, server_hostname=server_hostname, methods=[method])[0]


def tls_client_context(ca_file=None, *, cert=None, key=None, verify=True, minimum=None, maximum=None):
    """An SSLContext for talking to a test server: trusts ca_file (when verify), offers cert/key."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if verify:
        context.load_verify_locations(str(ca_file))
    else:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if cert:
        context.load_cert_chain(str(cert), str(key))
    if minimum:
        context.minimum_version = minimum
    if maximum:
        context.maximum_version = maximum
    return context


class BackgroundServer:
    """A tiny threaded TCP server for tests (a Python backend): handler(conn) runs in a thread for each
    accepted connection. A context manager; on exit it stops accepting and closes every connection.
    With `unix_path`, it listens on a unix socket made there instead (and `port` is None)."""

    def __init__(self, handler, *, port=0, unix_path=None):
        self.handler = handler
        if unix_path:
            self.sock = socket.socket(socket.AF_UNIX)
            self.sock.bind(str(unix_path))
        else:
            self.sock = socket.socket()
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.sock.bind((LOOPBACK, port))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = None if unix_path else self.sock.getsockname()[1]
        self.connections = []
        self.accepted = 0
        self._stop = threading.Event()
        self._threads = []

    def __enter__(self):
        t = threading.Thread(target=self._accept_loop, daemon=True)
        t.start()
        self._threads.append(t)
        return self

    def _accept_loop(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            conn.settimeout(30)
            self.accepted += 1
            self.connections.append(conn)
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            t.start()
            self._threads.append(t)

    def _serve(self, conn):
        try:
            self.handler(conn, self._stop)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def __exit__(self, *exc):
        self._stop.set()
        self.sock.close()
        for conn in self.connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()
        for t in self._threads:
            t.join(timeout=5)


def read_request(reader):
    """Reads one HTTP request from a binary reader: (method, target, version, headers [(name, value)], body).
    The body is framed by Content-Length or chunked encoding. None when the connection ends first."""
    head = _read_head(reader)
    if head is None:
        return None
    line, headers = head
    method, target, version = line.split(" ", 2)
    lower = {n.lower(): v for n, v in headers}
    body = b""
    if lower.get("transfer-encoding", "").lower() == "chunked":
        body = _read_chunked(reader)
    elif "content-length" in lower:
        body = reader.read(int(lower["content-length"]))
    return method, target, version, headers, body


def repeating_backend(piece, count):
    """A BackgroundServer handler answering text/html of `piece` sent `count` times, its length announced: a
    body far larger than any buffer, for filters that must stream it."""
    def handle(conn, stop):
        with conn.makefile("rb") as reader:
            if read_request(reader) is None:
                return
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
                     b"Connection: close\r\n\r\n" % (len(piece) * count))
        try:
            for _ in range(count):
                conn.sendall(piece)
        except OSError:
            pass
    return handle


def recording_backend(seen):
    """A BackgroundServer handler that appends each request it reads (as read_request gives it) to `seen`
    and answers 200 "ok", closing the connection."""
    def handle(conn, stop):
        with conn.makefile("rb") as reader:
            seen.append(read_request(reader))
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
    return handle


def error_page(title, server):
    """nginx's built-in page for a status (`title` as in "404 Not Found"), signed with the Server header's
    value as nginx signs it with server_tokens on."""
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
            f"<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n").encode()
