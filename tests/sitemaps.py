"""Reading the site's sitemap as a crawler does: the index at /sitemap.xml, then every page it lists."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def section_addresses(client):
    """The sitemap pages the index lists, as paths with their query (`/sitemap-news.xml?p=2`)."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    return [_path(loc.text) for loc in index.findall("s:sitemap/s:loc", NS)]


def sitemap_pages(client):
    """Every sitemap page the index lists, parsed."""
    pages = []
    for address in section_addresses(client):
        response = client.get(address)
        assert response.status_code == 200, address
        pages.append(ET.fromstring(response.content))
    return pages


def sitemap_text(client):
    """All the sitemap's pages as one text, for looking for addresses in it."""
    return "\n".join(ET.tostring(page, encoding="unicode") for page in sitemap_pages(client))


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
