"""Where uploaded files go, from the environment: STORAGE_BACKEND=local (the default, a
directory at MEDIA_ROOT) or s3 (any S3-compatible object store, through django-storages).
Kept apart from the settings modules so that it can be tested with any environment."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

STATICFILES = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


def storages_from_env(environ: Mapping[str, str]) -> dict:
    """Django's STORAGES setting. Raises ImproperlyConfigured for an unknown backend or an
    S3 storage without a bucket, so that the process stops at start-up."""
    backend = (environ.get("STORAGE_BACKEND") or "local").strip().lower()
    if backend == "local":
        # FileSystemStorage keeps its files under MEDIA_ROOT.
        default = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    elif backend == "s3":
        bucket = (environ.get("AWS_STORAGE_BUCKET_NAME") or "").strip()
        if not bucket:
            raise ImproperlyConfigured(
                "STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME (the bucket for uploaded files)."
            )
        # "none" sends no ACL at all, for buckets whose ACLs are switched off (the bucket's
        # own policy must then keep it private).
        acl = (environ.get("AWS_DEFAULT_ACL") or "private").strip()
        acl = None if acl.lower() == "none" else acl
        if acl not in (None, "private"):
            raise ImproperlyConfigured(
                "AWS_DEFAULT_ACL must be 'private' or 'none': files stay private."
            )
        options = {
            "bucket_name": bucket,
            # Files are private: no public ACL, every URL signed and short-lived, and a new
            # upload never replaces an existing file of the same name.
            "default_acl": acl,
            "querystring_auth": True,
            "querystring_expire": int(environ.get("AWS_QUERYSTRING_EXPIRE") or 300),
            "file_overwrite": False,
        }
        for option, name in (
            ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
            ("region_name", "AWS_S3_REGION_NAME"),
            ("access_key", "AWS_ACCESS_KEY_ID"),
            ("secret_key", "AWS_SECRET_ACCESS_KEY"),
            ("location", "AWS_LOCATION"),
        ):
            value = (environ.get(name) or "").strip()
            if value:  # without keys, boto3 finds instance or container credentials
                options[option] = value
        default = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    else:
        raise ImproperlyConfigured(f"STORAGE_BACKEND must be 'local' or 's3', not {backend!r}.")
    return {"default": default, "staticfiles": dict(STATICFILES)}
