"""Failures of the file store as callers see them, without importing the object-storage client.

Views and checks catch `StorageUnavailable` whichever storage the settings choose; only
hospital.object_storage, loaded when AWS_STORAGE_BUCKET_NAME selects it, needs boto3 (20 MB per
worker that the embedded default never uses).
"""


class StorageUnavailable(OSError):
    """The object store refused or failed a request (unreachable, timed out, access denied...)."""


def describe(error):
    """What the store said (its error code), or what went wrong on the way (the exception's class)."""
    response = getattr(error, "response", None) or {}
    return response.get("Error", {}).get("Code") or error.__class__.__name__
