"""Helpers for nproxy's integration tests (Python unittest).

CTest runs each tests/integration/test_*.py as `python3 -m unittest -v NAME` from this folder, with
NPROXY (the built binary) and NPROXY_SOURCE_DIR (the repository) in the environment. Run by hand, the
defaults are the repository holding this file and its build/nproxy.
"""

import functools
import os
import re
import shutil
import socket
import subprocess
import tempfile
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
