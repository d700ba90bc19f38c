"""gunicorn settings of one web instance (the Procfile's `web`, compose.yaml's
`web`, `make up`). Everything that differs between instances or hosts comes
from the environment."""

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

wsgi_app = "project.wsgi"
# HOST: 0.0.0.0 in a container; `make up` binds 127.0.0.1 behind nginx.
bind = [f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"]  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGHUP/SIGTERM, requests in flight get this long to finish.
graceful_timeout = 30
# nginx keeps upstream connections open for 4 s (deploy/nginx/shop.conf.template):
# gunicorn must not close them first.
keepalive = 5
# Each request's log line is the shop's own JSON line (ObservabilityMiddleware).
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "project.core.observability.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False}
    },
}

# Prometheus' multiprocess mode: every worker writes its samples into this
# directory and /metrics adds them up. `make up` and the Dockerfile set it;
# without it, this instance gets a directory of its own, emptied at start.
_own_metrics_dir = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _own_metrics_dir:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(
        ROOT / "var" / f"prometheus-{os.environ.get('PORT', '8000')}"
    )


def on_starting(server):
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    if _own_metrics_dir and directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
