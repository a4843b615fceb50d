"""S3-compatible object storage: public media in one bucket, medical reports in a separate private one.

`PublicMediaStorage` serves photos and renditions at plain, unsigned URLs that never expire.
`PrivateReportStorage` holds the encrypted medical reports: it has no URL at all (reports leave only
through the permission-checked, logged download view), reads objects as a stream instead of copying
them to a temporary file first, and reports every failure of the object store as `StorageUnavailable`,
an OSError (hospital/storage_errors.py), so callers handle a broken bucket like a broken disk.
Settings choose them when AWS_STORAGE_BUCKET_NAME is set (hospital/settings.py); checks.py probes
the private bucket.
"""

import uuid
from urllib.parse import quote

import boto3.exceptions
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import File
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from .storage_errors import StorageUnavailable, describe

STORE_ERRORS = (BotoCoreError, ClientError, boto3.exceptions.Boto3Error)
PUBLIC_GROUPS = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


def _not_found(error):
    return isinstance(error, ClientError) and error.response.get("Error", {}).get("Code") in {
        "404", "NoSuchKey", "NotFound",
    }  # fmt: skip


class PublicMediaStorage(S3Storage):
    """Photos, logos and renditions: public, unsigned URLs; names never reused, so caches may keep them."""

    querystring_auth = False
    file_overwrite = False

    def url(self, name, parameters=None, expire=None, http_method=None):
        # botocore builds each URL through its request signer (~0.4 ms, and a page of experts has a
        # hundred image URLs); an unsigned URL is the same prefix every time, so build that once.
        if parameters or http_method or self.custom_domain:
            return super().url(name, parameters, expire, http_method)
        if (prefix := getattr(self, "_url_prefix", None)) is None:
            probe = super().url("probe")
            prefix = self._url_prefix = probe[: -len("probe")]
        # Quoted as botocore quotes keys.
        return prefix + quote(self._normalize_name(clean_name(name)), safe="/~")


class PrivateReportStorage(S3Storage):
    """Encrypted medical reports: private objects, no URL, streamed reads, failures as StorageUnavailable."""

    querystring_auth = True
    file_overwrite = False
    default_acl = "private"

    def url(self, name, *args, **kwargs):
        # Not even a short-lived signed URL: a link can be forwarded and is not logged.
        raise ValueError("Medical reports have no URL; they are downloaded through the logged view.")

    def _open(self, name, mode="rb"):
        if "r" not in mode or "+" in mode:
            raise ValueError("Medical reports are written with save() and read as a stream.")
        key = self._normalize_name(clean_name(name))
        try:
            body = self.connection.meta.client.get_object(Bucket=self.bucket_name, Key=key)["Body"]
        except STORE_ERRORS as error:
            if _not_found(error):
                raise FileNotFoundError(f"No stored report {name}") from error
            raise StorageUnavailable(f"The private bucket could not be read: {describe(error)}") from error
        return StreamedObject(body, name)

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except STORE_ERRORS as error:
            raise StorageUnavailable(f"The private bucket refused a write: {describe(error)}") from error

    def delete(self, name):
        try:
            return super().delete(name)
        except STORE_ERRORS as error:
            raise StorageUnavailable(f"The private bucket refused a delete: {describe(error)}") from error

    def exists(self, name):
        try:
            return super().exists(name)
        except STORE_ERRORS as error:
            raise StorageUnavailable(f"The private bucket could not be reached: {describe(error)}") from error

    def listdir(self, path):
        try:
            return super().listdir(path)
        except STORE_ERRORS as error:
            raise StorageUnavailable(f"The private bucket could not be listed: {describe(error)}") from error

    def get_modified_time(self, name):
        try:
            return super().get_modified_time(name)
        except STORE_ERRORS as error:
            if _not_found(error):
                raise FileNotFoundError(f"No stored report {name}") from error
            raise StorageUnavailable(f"The private bucket could not be read: {describe(error)}") from error

    def public_exposure(self):
        """How the bucket is open to anyone: a list of findings, empty when it is private.

        Writes a probe object, tries to read it without credentials (as anyone on the internet could)
        and deletes it; then reads the bucket's ACL and policy status, where the store offers them.
        StorageUnavailable when the bucket cannot be reached or written.
        """
        client = self.connection.meta.client
        key = self._normalize_name(f"deploy-check/{uuid.uuid4().hex}")
        try:
            client.head_bucket(Bucket=self.bucket_name)
            client.put_object(Bucket=self.bucket_name, Key=key, Body=b"probe of check --deploy", ACL="private")
        except STORE_ERRORS as error:
            raise StorageUnavailable(describe(error)) from error
        findings = []
        try:
            self.unsigned_connection.meta.client.get_object(Bucket=self.bucket_name, Key=key)["Body"].read()
        except STORE_ERRORS:
            pass
        else:
            findings.append("an anonymous request read a private object")
        finally:
            try:
                client.delete_object(Bucket=self.bucket_name, Key=key)
            except STORE_ERRORS:
                pass
        try:
            grants = client.get_bucket_acl(Bucket=self.bucket_name).get("Grants", [])
        except STORE_ERRORS:
            grants = []
        for grant in grants:
            if (group := grant.get("Grantee", {}).get("URI")) in PUBLIC_GROUPS:
                findings.append(f"its ACL grants {grant.get('Permission')} to {group.rsplit('/', 1)[-1]}")
        try:
            if client.get_bucket_policy_status(Bucket=self.bucket_name)["PolicyStatus"]["IsPublic"]:
                findings.append("its bucket policy is public")
        except (*STORE_ERRORS, KeyError):
            pass
        return findings


class StreamedObject(File):
    """An object's body read straight from the HTTP response, a segment at a time (never the whole file)."""

    def __init__(self, body, name):
        super().__init__(body, name)
        self.mode = "rb"

    def read(self, size=-1):
        try:
            return self.file.read(None if size is None or size < 0 else size)
        except (*STORE_ERRORS, OSError) as error:
            raise StorageUnavailable(f"Reading a stored report failed: {describe(error)}") from error

    def close(self):
        self.file.close()
