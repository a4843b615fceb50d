"""A report's file goes when its row goes, whichever door deleted it (purge, admin, cascade)."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .files import delete_blobs
from .models import MedicalReport


@receiver(post_delete, sender=MedicalReport, dispatch_uid="consultations_delete_report_file")
def delete_report_file(sender, instance, using, **kwargs):
    # After the commit: a rolled-back deletion must keep its file.
    transaction.on_commit(partial(delete_blobs, [instance.blob_name]), using=using)
