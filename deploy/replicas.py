"""Start N Streamlit replicas of the dashboard behind nginx; stop them cleanly.

Run from the repository root::

    python -m deploy.replicas --listen 8080 --ports 8501 8502 [--nginx /usr/sbin/nginx]

Each port in ``--ports`` gets one ``streamlit run dashboard.py`` bound to
127.0.0.1; nginx (Debian's package) listens on ``--listen`` (a port, or
``HOST:PORT``) with the configuration of ``deploy/nginx.conf.template``
written into a temporary prefix (logs, pid and temporary files live there;
nothing is written under /etc or /var). Ctrl-C or SIGTERM stops nginx, then
every replica, then removes the prefix (``--keep-logs`` keeps it).

Each replica is warmed before nginx starts or, after a restart, as soon as it
is healthy: one session (deploy/protocol_client.py) runs the pages in
``--warm`` (default: the compare page, where an article's readers land), so
the imports (about 2 s) and the first computation of the shipped data's
measures are paid before the first reader arrives, not by them.

All replicas share one ``server.cookieSecret`` (generated per start unless
``STREAMLIT_SERVER_COOKIE_SECRET`` is set), so a signed cookie issued by one
replica is valid on the others.

The tests and the capacity benchmark use :class:`Cluster` from here, so what
they measure is what this script runs.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
NGINX = "/usr/sbin/nginx"
START_TIMEOUT_S = 120
WARM_PAGES = ("",)  # "" is the default page: compare


def nginx_path(explicit: str | None = None) -> str | None:
    """The nginx binary: ``explicit``, Debian's /usr/sbin/nginx, or one on PATH."""
    for candidate in (explicit, NGINX, shutil.which("nginx")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def static_folders() -> dict[str, Path]:
    """Folders nginx serves from disk: Streamlit's frontend build, the map component's build,
    the app's static/ (deploy/nginx.conf.template)."""
    import streamlit
    import streamlit_folium

    return {
        "streamlit_static": Path(streamlit.__file__).parent / "static" / "static",
        "folium_component": Path(streamlit_folium.__file__).parent / "frontend" / "build",
        "app_static": REPO_ROOT / "static",
    }


def render_config(*, listen: str, prefix: Path, ports: list[int]) -> str:
    """The nginx configuration for replicas on ``ports`` (loopback), nginx on ``listen``."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in ports)
    text = TEMPLATE.read_text(encoding="utf-8")
    values = {"listen": listen, "prefix": str(prefix), "servers": servers}
    values |= {name: str(path) for name, path in static_folders().items()}
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def _healthy(url: str) -> bool:
    try:
        # url is always http://127.0.0.1:PORT or the nginx address built here.
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class Cluster:
    """N replicas + nginx as child processes; a context manager.

    Parameters
    ----------
    listen : str
        nginx's ``listen`` argument: ``"8080"`` or ``"127.0.0.1:8080"``.
    ports : list of int
        One Streamlit replica per port, on 127.0.0.1.
    script : str
        The Streamlit script, relative to ``cwd`` (default ``dashboard.py``).
    warm : sequence of str
        Pages (URL paths, "" for the default page) one session opens on each
        replica once it is healthy, before it is handed to readers; ``()`` for none.
    """

    def __init__(
        self,
        *,
        listen: str,
        ports: list[int],
        script: str = "dashboard.py",
        cwd: Path = REPO_ROOT,
        nginx: str | None = None,
        keep_logs: bool = False,
        extra_args: list[str] | None = None,
        warm: Sequence[str] = WARM_PAGES,
    ):
        self.listen = listen
        self.ports = list(ports)
        self.script = script
        self.cwd = cwd
        self.nginx = nginx_path(nginx)
        self.keep_logs = keep_logs
        self.extra_args = list(extra_args or [])
        self.warm_pages = tuple(warm)
        self.warm_seconds: dict[int, float] = {}
        self.prefix: Path | None = None
        self.replicas: dict[int, subprocess.Popen] = {}
        self.proxy: subprocess.Popen | None = None
        port = listen.rsplit(":", 1)[-1]
        host = listen.rsplit(":", 1)[0] if ":" in listen else "127.0.0.1"
        host = "127.0.0.1" if host in ("0.0.0.0", "*") else host  # noqa: S104 - the URL we call
        self.url = f"http://{host}:{port}"

    # -- replicas ----------------------------------------------------------------
    def start_replica(self, port: int) -> subprocess.Popen:
        """Start (or restart) the replica on ``port``; returns once it is healthy."""
        assert self.prefix is not None
        log = (self.prefix / f"replica-{port}.log").open("ab")
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            self.script,
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            *self.extra_args,
        ]
        env = os.environ.copy()
        env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", self.cookie_secret)
        process = subprocess.Popen(command, cwd=self.cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.replicas[port] = process
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"replica on {port} exited with {process.returncode}: {self.log(port)}")
            if _healthy(f"http://127.0.0.1:{port}"):
                self.warm(port)
                return process
            time.sleep(0.2)
        raise RuntimeError(f"replica on {port} not healthy after {START_TIMEOUT_S} s: {self.log(port)}")

    def warm(self, port: int) -> None:
        """Open one session on the replica and run the pages of ``warm`` in it (directly,
        not through nginx); a page that fails is reported on stderr, the replica kept."""
        if not self.warm_pages:
            return
        from deploy.protocol_client import ProtocolError, Session

        started = time.monotonic()
        try:
            with Session(f"http://127.0.0.1:{port}") as session:
                for page in self.warm_pages:
                    run = session.open(page) if not session.pages else session.goto(page)
                    if run.failed:
                        problems = run.exceptions + run.error_alerts
                        print(f"warm-up of {port}/{page}: {problems}", file=sys.stderr)
        except (ProtocolError, OSError) as exc:
            print(f"warm-up of replica {port} failed: {exc}", file=sys.stderr)
        self.warm_seconds[port] = time.monotonic() - started

    def kill_replica(self, port: int) -> None:
        """SIGKILL one replica (a crash: no goodbye to its sessions)."""
        process = self.replicas[port]
        process.kill()
        process.wait(timeout=10)

    def log(self, port: int, lines: int = 30) -> str:
        path = self.prefix / f"replica-{port}.log" if self.prefix else None
        if not path or not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def access_log(self) -> list[str]:
        """Lines of nginx's access log so far (each names the replica that served it)."""
        path = self.prefix / "access.log" if self.prefix else None
        return path.read_text(errors="replace").splitlines() if path and path.exists() else []

    # -- lifecycle ----------------------------------------------------------------
    def start(self) -> Cluster:
        if not self.nginx:
            raise RuntimeError("nginx not found: apt-get install -y nginx")
        self.prefix = Path(tempfile.mkdtemp(prefix="reception-nginx-"))
        # nginx started as root runs its worker as "nobody": it must reach the prefix.
        self.prefix.chmod(0o755)
        self.cookie_secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
        try:
            for port in self.ports:
                self.start_replica(port)
            conf = self.prefix / "nginx.conf"
            conf.write_text(render_config(listen=self.listen, prefix=self.prefix, ports=self.ports))
            check = subprocess.run(
                [
                    self.nginx,
                    "-t",
                    "-p",
                    str(self.prefix),
                    "-c",
                    str(conf),
                    "-e",
                    str(self.prefix / "error.log"),
                ],
                capture_output=True,
                text=True,
            )
            if check.returncode:
                raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
            self.proxy = subprocess.Popen(
                [self.nginx, "-p", str(self.prefix), "-c", str(conf), "-e", str(self.prefix / "error.log")],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + 20
            while not _healthy(self.url):
                if self.proxy.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not come up on {self.listen}: {self._error_log()}")
                time.sleep(0.1)
        except BaseException:
            self.stop()
            raise
        return self

    def _error_log(self) -> str:
        path = self.prefix / "error.log" if self.prefix else None
        return path.read_text(errors="replace")[-2000:] if path and path.exists() else ""

    def stop(self) -> None:
        """nginx first (no new requests), then each replica (SIGTERM, SIGKILL after 10 s)."""
        processes = ([self.proxy] if self.proxy else []) + list(self.replicas.values())
        for process in processes:
            if process.poll() is None:
                # SIGQUIT is nginx's graceful shutdown; SIGTERM is Streamlit's.
                process.send_signal(signal.SIGQUIT if process is self.proxy else signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.proxy = None
        self.replicas.clear()
        if self.prefix and not self.keep_logs:
            shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="8080", help="nginx listen: PORT or HOST:PORT (default 8080)")
    parser.add_argument(
        "--ports", type=int, nargs="+", default=[8501, 8502], help="one replica per port (127.0.0.1)"
    )
    parser.add_argument("--nginx", default=None, help=f"nginx binary (default {NGINX})")
    parser.add_argument("--keep-logs", action="store_true", help="keep the temporary prefix with the logs")
    parser.add_argument(
        "--warm",
        nargs="*",
        default=list(WARM_PAGES),
        help='pages each replica runs once before readers come ("" is compare; none: --warm)',
    )
    args = parser.parse_args(argv)

    cluster = Cluster(
        listen=args.listen, ports=args.ports, nginx=args.nginx, keep_logs=args.keep_logs, warm=args.warm
    )
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    cluster.start()
    print(f"{len(args.ports)} replicas on {args.ports} behind nginx: {cluster.url}/", flush=True)
    print(f"logs in {cluster.prefix}; Ctrl-C stops", flush=True)
    try:
        while not stopping:
            dead = [p for p, proc in cluster.replicas.items() if proc.poll() is not None]
            for port in dead:  # a crashed replica is restarted; nginx skips it meanwhile
                print(f"replica on {port} exited; restarting", file=sys.stderr, flush=True)
                cluster.start_replica(port)
            if cluster.proxy is not None and cluster.proxy.poll() is not None:
                print("nginx exited; stopping", file=sys.stderr, flush=True)
                break
            time.sleep(1)
    finally:
        cluster.stop()
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
