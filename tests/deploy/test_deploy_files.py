"""The deployment's files agree: compose.yaml and the Dockerfile run the
Procfile's processes with the variables `make up` gives them (Docker itself
cannot run here: these files are read, not run), and every variable any of
them reads is documented in .env.example."""

import json
import re
import shlex
from pathlib import Path

import yaml

from deploy.stack import (
    OPERATOR_VARIABLES,
    deploy_defaults,
    parse_procfile,
    render_nginx_site,
)

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def documented_variables() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^([A-Z0-9_]+)=", text, re.MULTILINE))


def test_compose_runs_the_procfiles_processes_with_the_same_commands():
    procfile = parse_procfile()
    services = compose()["services"]

    assert set(procfile) == {"release", "web", "worker", "beat"}
    for name, command in procfile.items():
        assert services[name]["command"] == command, name
    assert services["web"]["deploy"]["replicas"] == 2  # as `make up`


def test_compose_gives_every_process_the_variables_make_up_gives():
    expected = set(deploy_defaults(Path("var"), 8080)) | set(OPERATOR_VARIABLES)
    services = compose()["services"]

    for name in ("release", "web", "worker", "beat"):
        assert set(services[name]["environment"]) == expected, name
    # nginx is the one proxy in front, in both topologies
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    assert deploy_defaults(Path("var"), 8080)["TRUSTED_PROXY_COUNT"] == "1"


def test_dockerfile_runs_the_procfiles_web_command():
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)

    assert cmd, "the Dockerfile has no exec-form CMD"
    assert json.loads(cmd.group(1)) == shlex.split(parse_procfile()["web"])
    exposed = re.search(r"^EXPOSE (\d+)$", dockerfile, re.MULTILINE).group(1)
    assert f"PORT={exposed}" in dockerfile  # gunicorn binds the exposed port


def test_nginx_in_compose_gets_every_value_its_site_needs():
    template = (ROOT / "deploy" / "nginx" / "shop.conf.template").read_text()
    needed = set(re.findall(r"\$\{(SHOP_[A-Z_]+)\}", template))
    given = compose()["services"]["nginx"]["environment"]

    assert needed == set(given)
    site = render_nginx_site(given)
    assert "server web:8000;" in site
    assert "${" not in site
    for directive in (
        "client_max_body_size",
        "gzip on",
        "X-Forwarded-For $proxy_add_x_forwarded_for",
        "location /static/",
    ):
        assert directive in site


def test_every_deployment_variable_is_documented_in_env_example():
    read = set(OPERATOR_VARIABLES) | set(deploy_defaults(Path("var"), 8080))
    gunicorn_conf = (ROOT / "deploy" / "gunicorn.conf.py").read_text()
    read |= set(re.findall(r"environ(?:\.get)?\(\s*[\"']([A-Z0-9_]+)", gunicorn_conf))
    read |= set(
        re.findall(r"\$\{([A-Z0-9_]+)", (ROOT / "deploy" / "Procfile").read_text())
    )
    stack = (ROOT / "deploy" / "stack.py").read_text()
    read |= set(re.findall(r"os\.environ\.get\(\"([A-Z0-9_]+)\"", stack))
    read -= {"PYTHONUNBUFFERED", "PATH"}  # Python's and the shell's own

    assert read - documented_variables() == set()
