"""STORAGES from the environment (config/storage.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages as storage_handler
from django.test import override_settings

from config.storage import storages_from_env

STATIC = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_local_by_default():
    for environ in ({}, {"STORAGE_BACKEND": "local"}, {"STORAGE_BACKEND": " LOCAL "}):
        storages = storages_from_env(environ)
        assert storages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        assert storages["staticfiles"]["BACKEND"] == STATIC


def test_s3_private_signed_and_never_overwriting():
    storages = storages_from_env(
        {
            "STORAGE_BACKEND": "s3",
            "AWS_STORAGE_BUCKET_NAME": "toolkit-uploads",
            "AWS_S3_ENDPOINT_URL": "https://objects.example.org",
            "AWS_S3_REGION_NAME": "eu-west-2",
            "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "secret",
        }
    )
    assert storages["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "toolkit-uploads",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "endpoint_url": "https://objects.example.org",
            "region_name": "eu-west-2",
            "access_key": "AKIAEXAMPLE",
            "secret_key": "secret",
        },
    }


def test_s3_without_keys_uses_instance_credentials_and_acl_can_be_left_to_the_bucket():
    options = storages_from_env(
        {"STORAGE_BACKEND": "s3", "AWS_STORAGE_BUCKET_NAME": "b", "AWS_DEFAULT_ACL": "none"}
    )["default"]["OPTIONS"]
    assert "access_key" not in options and "secret_key" not in options
    assert "endpoint_url" not in options
    assert options["default_acl"] is None and options["querystring_auth"] is True


@pytest.mark.parametrize(
    "environ",
    [
        {"STORAGE_BACKEND": "s3"},
        {"STORAGE_BACKEND": "s3", "AWS_STORAGE_BUCKET_NAME": "  "},
        {"STORAGE_BACKEND": "s3", "AWS_STORAGE_BUCKET_NAME": "b", "AWS_DEFAULT_ACL": "public-read"},
        {"STORAGE_BACKEND": "ftp"},
    ],
)
def test_misconfiguration_stops_start_up(environ):
    with pytest.raises(ImproperlyConfigured):
        storages_from_env(environ)


def test_the_s3_setting_builds_a_storage_without_touching_the_network():
    storages = storages_from_env(
        {
            "STORAGE_BACKEND": "s3",
            "AWS_STORAGE_BUCKET_NAME": "toolkit-uploads",
            "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9",
            "AWS_S3_REGION_NAME": "eu-west-2",
            "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "secret",
        }
    )
    with override_settings(STORAGES=storages):
        storage = storage_handler["default"]
        assert type(storage).__name__ == "S3Storage"
        assert storage.bucket_name == "toolkit-uploads" and storage.file_overwrite is False
        url = storage.url("evidence-uploads/E08000009/x.csv")
        assert "X-Amz-Signature=" in url or "Signature=" in url  # signed, never a bare URL
