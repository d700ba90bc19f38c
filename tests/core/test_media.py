"""Media: on the filesystem or in an S3-compatible bucket by setting, and
served by Django only in development or when SERVE_MEDIA says so."""

import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from moto import mock_aws

from tests.factories import make_product, png_bytes

ROOT = Path(__file__).resolve().parents[2]


def serve_media_setting(**env) -> str:
    """SERVE_MEDIA as the settings compute it from this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SERVE_MEDIA")}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "from django.urls import Resolver404, resolve\n"
            "try: view = resolve('/media/x.png').func.__name__\n"
            "except Resolver404: view = 'none'\n"
            "print(settings.SERVE_MEDIA, view)",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "project.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_django_serves_media_only_in_development_or_when_told():
    assert serve_media_setting(DEBUG="0") == ["False", "none"]
    assert serve_media_setting(DEBUG="1") == ["True", "serve_media"]
    assert serve_media_setting(DEBUG="0", SERVE_MEDIA="1") == ["True", "serve_media"]
    assert serve_media_setting(DEBUG="1", SERVE_MEDIA="0") == ["False", "none"]


def test_make_serve_serves_media_itself():
    makefile = (ROOT / "Makefile").read_text()
    serve = makefile.split("\nserve: install")[1].split("\n\n")[0]

    assert "SERVE_MEDIA=$${SERVE_MEDIA:-1}" in serve


@pytest.mark.django_db
def test_with_debug_off_an_uploaded_file_is_not_served_by_django(settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "secret.txt").write_text("not for Django to serve")

    response = Client().get("/media/secret.txt")

    assert response.status_code == 404
    assert b"not for Django" not in response.content


@pytest.fixture
def s3_media(settings):
    """Media in an S3 bucket (moto stands in for the object store)."""
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="shop-media")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "shop-media",
                    "region_name": "us-east-1",
                    "access_key": "testing",
                    "secret_key": "testing",
                    "custom_domain": "media.shop.example",
                    "querystring_auth": False,
                    "file_overwrite": False,
                    "default_acl": None,
                },
            },
        }
        yield boto3.client("s3", region_name="us-east-1")


@pytest.mark.django_db
def test_with_s3_storage_product_images_go_to_the_bucket(s3_media, staff_client):
    make_product("Lamp")
    upload = SimpleUploadedFile("lamp.png", png_bytes(), content_type="image/png")

    response = staff_client.post(
        "/api/v1/products/lamp/images/", {"image": upload}, format="multipart"
    )

    assert response.status_code == 201, response.content
    url = response.json()["url"]
    assert url.startswith("https://media.shop.example/")
    key = url.removeprefix("https://media.shop.example/")
    stored = s3_media.get_object(Bucket="shop-media", Key=key)["Body"].read()
    assert stored[:8] == b"\x89PNG\r\n\x1a\n"
    product = staff_client.get("/api/v1/products/lamp/").json()
    assert product["images"][0]["url"] == url
