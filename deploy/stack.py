"""Start and stop the deployment on this machine: nginx in front of N gunicorn
instances, a Celery worker and beat, on the PostgreSQL, Redis and broker the
environment names. `make up` / `make down` call `python -m deploy.stack`; the
deployment tests (tests/deploy/) drive the same class with their own ports,
database and directory.

Every process runs its Procfile line (deploy/Procfile) in a session of its
own; its PID goes to <var>/run/<name>.pid and its output to
<var>/log/<name>.log. Stopping reads those files and signals those PIDs
(never a process name), after checking that each PID still runs the
command it was started as."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROCFILE = ROOT / "deploy" / "Procfile"
NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "shop.conf.template"

# What every process of the deployment is given: the operator's variables,
# passed through from the environment, and deploy_defaults() below.
# compose.yaml's x-app environment sets exactly these names
# (tests/deploy/test_deploy_files.py).
OPERATOR_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "METRICS_TOKEN",
)


def deploy_defaults(var_dir: Path, nginx_port: int) -> dict[str, str]:
    """Variables the deployment sets unless the environment already does."""
    return {
        # nginx is the one proxy in front: the client IP is the address it
        # appends to X-Forwarded-For, and only because this says so.
        "TRUSTED_PROXY_COUNT": "1",
        # nginx serves /static/ and /media/ from these directories.
        "STATIC_ROOT": str(var_dir / "static"),
        "MEDIA_ROOT": str(var_dir / "media"),
        "SERVE_MEDIA": "0",
        "PROMETHEUS_MULTIPROC_DIR": str(var_dir / "prometheus"),
        "CELERY_BEAT_SCHEDULE_FILE": str(var_dir / "celerybeat-schedule"),
        "SITE_DOMAIN": f"127.0.0.1:{nginx_port}",
        "LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
    }


def parse_procfile(path: Path = PROCFILE) -> dict[str, str]:
    """{process name: command}, comments and blank lines skipped."""
    processes = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, command = line.partition(":")
        processes[name.strip()] = command.strip()
    return processes


def render_nginx_site(values: dict[str, str], template: Path = NGINX_TEMPLATE) -> str:
    """The site with ${SHOP_...} filled in, as the nginx image's envsubst
    would (nginx's own $variables untouched); an unknown name is an error."""

    def fill(match):
        name = match.group(1)
        if name not in values:
            raise KeyError(f"{template.name} needs {name}")
        return values[name]

    return re.sub(r"\$\{(SHOP_[A-Z_]+)\}", fill, template.read_text())


def ensure_nginx() -> str:
    """The nginx binary; Debian's package is installed when it is missing
    (as .ci/run installs chromium)."""
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found:
        return found
    print("nginx is missing: installing Debian's package (apt-get install nginx)")
    install = ["apt-get", "install", "-y", "-q", "nginx"]
    if subprocess.run(install, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], check=True)
        subprocess.run(install, check=True)
    return shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass
class Stack:
    var_dir: Path = ROOT / "var"
    nginx_port: int = 8080
    web_ports: list[int] = field(default_factory=lambda: [8081, 8082])
    # Variables over the inherited environment and the deployment's defaults.
    env_overrides: dict[str, str] = field(default_factory=dict)
    python_bin: Path = ROOT / ".venv" / "bin"

    @property
    def run_dir(self) -> Path:
        return self.var_dir / "run"

    @property
    def log_dir(self) -> Path:
        return self.var_dir / "log"

    @property
    def nginx_dir(self) -> Path:
        return self.var_dir / "nginx"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    def process_names(self) -> list[str]:
        webs = [f"web{n}" for n in range(1, len(self.web_ports) + 1)]
        return [*webs, "worker", "beat", "nginx"]

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        for name, value in deploy_defaults(self.var_dir, self.nginx_port).items():
            env.setdefault(name, value)
        env.update(self.env_overrides)
        env["PATH"] = f"{self.python_bin}{os.pathsep}{env.get('PATH', '')}"
        env["DJANGO_SETTINGS_MODULE"] = "project.settings"
        return env

    # --- preparing -----------------------------------------------------------

    def check_services(self, env: dict[str, str]) -> None:
        missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not env.get(name)]
        if missing:
            raise SystemExit(
                f"make up needs {' and '.join(missing)}: several instances share "
                "one database and one cache, e.g.\n"
                "  DATABASE_URL=postgres://user@127.0.0.1:5432/shop "
                "REDIS_URL=redis://127.0.0.1:6379/0 make up"
            )

    def prepare(self, *, seed_demo_products: int = 0, collectstatic: bool = True):
        """migrate (the Procfile's release line), collectstatic, empty the
        metrics directory, write nginx's configuration."""
        env = self.environment()
        self.check_services(env)
        for directory in (self.run_dir, self.log_dir, self.nginx_dir):
            directory.mkdir(parents=True, exist_ok=True)
        # Metrics start from zero with each `up` (every process writes here).
        metrics_dir = Path(env["PROMETHEUS_MULTIPROC_DIR"])
        if metrics_dir.exists():
            shutil.rmtree(metrics_dir)
        metrics_dir.mkdir(parents=True)
        release = parse_procfile()["release"]
        subprocess.run(["bash", "-c", release], cwd=ROOT, env=env, check=True)
        if seed_demo_products:
            subprocess.run(
                [
                    "python",
                    "manage.py",
                    "seed_demo",
                    "--if-empty",
                    "--products",
                    str(seed_demo_products),
                ],
                cwd=ROOT,
                env=env,
                check=True,
            )
        if collectstatic:
            subprocess.run(
                ["python", "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
        Path(env["MEDIA_ROOT"]).mkdir(parents=True, exist_ok=True)
        self.write_nginx_config(env)

    def write_nginx_config(self, env: dict[str, str]) -> Path:
        temp = self.nginx_dir / "tmp"
        temp.mkdir(parents=True, exist_ok=True)
        site = render_nginx_site(
            {
                "SHOP_UPSTREAM_SERVERS": " ".join(
                    f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"
                    for port in self.web_ports
                ),
                "SHOP_LISTEN": f"127.0.0.1:{self.nginx_port}",
                "SHOP_STATIC_ROOT": str(Path(env["STATIC_ROOT"]).resolve()),
                "SHOP_MEDIA_ROOT": str(Path(env["MEDIA_ROOT"]).resolve()),
                "SHOP_ACCESS_LOG": str(self.log_dir / "nginx-access.log"),
            }
        )
        (self.nginx_dir / "shop.conf").write_text(site)
        # As root, nginx's workers run as an unprivileged user, which must be
        # able to write its temporary files and read the files it serves;
        # when a directory on the way is private to root, they stay root.
        user_line = ""
        if os.geteuid() == 0:
            served = [Path(env["STATIC_ROOT"]), Path(env["MEDIA_ROOT"]), temp]
            if all(_others_can_enter(path) for path in served):
                user_line = "user www-data;"
                shutil.chown(temp, "www-data")
            else:
                user_line = "user root;"
        config = f"""# Written by deploy/stack.py: nginx for `make up`, outside /etc/nginx.
{user_line}
daemon off;
worker_processes auto;
pid {self.nginx_dir / "nginx.pid"};
error_log {self.log_dir / "nginx-error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.nginx_dir / "shop.conf"};
}}
"""
        path = self.nginx_dir / "nginx.conf"
        path.write_text(config)
        return path

    # --- processes -----------------------------------------------------------

    def pid_file(self, name: str) -> Path:
        return self.run_dir / f"{name}.pid"

    def pid(self, name: str) -> int | None:
        try:
            return int(self.pid_file(name).read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def command_of(self, name: str) -> list[str]:
        procfile = parse_procfile()
        if name.startswith("web"):
            return ["bash", "-c", f"exec {procfile['web']}"]
        if name in ("worker", "beat"):
            return ["bash", "-c", f"exec {procfile[name]}"]
        if name == "nginx":
            nginx = ensure_nginx()
            return [
                nginx,
                "-c",
                str(self.nginx_dir / "nginx.conf"),
                "-e",
                str(self.log_dir / "nginx-error.log"),
            ]
        raise KeyError(name)

    def start_process(self, name: str, extra_env: dict[str, str] | None = None):
        env = self.environment()
        if name.startswith("web"):
            port = self.web_ports[int(name[3:]) - 1]
            env.update({"PORT": str(port), "HOST": "127.0.0.1"})
        env.update(extra_env or {})
        Path(env["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 (the child keeps it)
        process = subprocess.Popen(  # noqa: S603
            self.command_of(name),
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as one
        )
        log.close()
        self.pid_file(name).write_text(f"{process.pid}\n")
        return process

    def is_ours(self, name: str, pid: int) -> bool:
        """`pid` still runs the program `name` was started as (not a
        stranger that reused the number)."""
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            return False
        word = {"worker": b"celery", "beat": b"celery", "nginx": b"nginx"}.get(
            name, b"gunicorn"
        )
        return word in cmdline

    def start(self, *, wait_seconds: float = 90) -> None:
        for name in self.process_names():
            pid = self.pid(name)
            if pid and self.is_ours(name, pid):
                raise SystemExit(f"{name} is already running (PID {pid}): make down")
        for name in self.process_names():
            if name != "nginx":
                self.start_process(name)
        for port in self.web_ports:
            self.wait_for(f"http://127.0.0.1:{port}/health/", wait_seconds)
        self.start_process("nginx")
        self.wait_for(f"{self.url}/health/ready", wait_seconds)

    def wait_for(self, url: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        last_error = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError) as exc:
                last_error = exc
            time.sleep(0.3)
        self.print_logs()
        raise RuntimeError(f"{url} did not answer 200 in {seconds} s: {last_error}")

    def print_logs(self, lines: int = 30) -> None:
        for log in sorted(self.log_dir.glob("*.log")):
            print(f"--- {log} (last {lines} lines)", file=sys.stderr)
            text = log.read_text(errors="replace").splitlines()[-lines:]
            print("\n".join(text), file=sys.stderr)

    def signal(self, name: str, signum: int, *, group: bool = False) -> int:
        """Send `signum` to the process `name` (its whole process group with
        `group`, e.g. gunicorn's master and workers); returns the PID."""
        pid = self.pid(name)
        if pid is None or not self.is_ours(name, pid):
            raise ProcessLookupError(f"{name} is not running")
        if group:
            os.killpg(pid, signum)
        else:
            os.kill(pid, signum)
        return pid

    def stop_process(self, name: str, timeout: float = 30) -> None:
        pid = self.pid(name)
        if pid is not None and self.is_ours(name, pid):
            # nginx: QUIT is its graceful stop; gunicorn and Celery: TERM.
            os.kill(pid, signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and _alive(pid):
                time.sleep(0.1)
            if _alive(pid):
                os.killpg(pid, signal.SIGKILL)
            _reap(pid)
        self.pid_file(name).unlink(missing_ok=True)

    def stop(self) -> None:
        # The front door first, then the web instances, then the tasks.
        for name in ["nginx", *[n for n in self.process_names() if n != "nginx"]]:
            self.stop_process(name)

    def status(self) -> dict[str, int | None]:
        return {
            name: (pid if pid and self.is_ours(name, pid) else None)
            for name in self.process_names()
            for pid in [self.pid(name)]
        }


def _others_can_enter(path: Path) -> bool:
    """Every directory from / to `path` lets other users through."""
    path = path.resolve()
    return all(
        part.stat().st_mode & 0o001 for part in [path, *path.parents] if part.exists()
    )


def _alive(pid: int) -> bool:
    _reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] == "Z"
    except (OSError, IndexError):
        return False


def _reap(pid: int) -> None:
    """Collect a child of ours that exited (no-op for other processes)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m deploy.stack")
    parser.add_argument("action", choices=["up", "down", "status"])
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("NGINX_PORT", "8080"))
    )
    parser.add_argument(
        "--web-ports",
        default=os.environ.get("WEB_PORTS", "8081,8082"),
        help="one gunicorn instance per port (comma-separated)",
    )
    parser.add_argument(
        "--seed-demo",
        type=int,
        default=int(os.environ.get("SEED_DEMO_PRODUCTS", "0")),
        help="load the demo shop with this many products if the database is empty",
    )
    args = parser.parse_args(argv)
    stack = Stack(
        nginx_port=args.port,
        web_ports=[int(port) for port in args.web_ports.split(",") if port.strip()],
    )
    if args.action == "up":
        stack.prepare(seed_demo_products=args.seed_demo)
        try:
            stack.start()
        except BaseException:
            stack.stop()
            raise
        print(f"Serving on {stack.url}/ through nginx; `make down` stops it.")
        for name, pid in stack.status().items():
            print(f"  {name:<7} PID {pid}  log {stack.log_dir / (name + '.log')}")
    elif args.action == "down":
        stack.stop()
        print("stopped: " + ", ".join(stack.process_names()))
    else:
        for name, pid in stack.status().items():
            print(f"{name:<7} {'PID ' + str(pid) if pid else 'not running'}")


if __name__ == "__main__":
    main()
