"""An expert's publication list as a download, for the public profile and the back office alike."""

from django.http import Http404, HttpResponse

from .exporters import EXPORTERS
from .models import Publication


def publication_list_download(expert, format):
    """The response with `expert`'s publications in `format` ("bib", "ris", "csv"); 404 for any other."""
    exporter = EXPORTERS.get(format)
    if exporter is None:
        raise Http404
    publications = Publication.objects.of_expert(expert).newest_first().for_listing()
    response = HttpResponse(exporter.write(publications), content_type=exporter.content_type)
    response["Content-Disposition"] = f'attachment; filename="{expert.default_slug}-publications.{exporter.extension}"'
    return response
