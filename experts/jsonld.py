"""schema.org JSON-LD for a profile: a Physician with the publications as ScholarlyArticle."""

from hospital.i18n import field_in_language
from hospital.structured_data import json_ld_script


def _article(publication):
    article = {
        "@type": "ScholarlyArticle",
        "headline": publication.title[:110],
        "name": publication.title,
        "author": [{"@type": "Person", "name": a.name} for a in publication.authorships.all()],
    }
    if publication.year:
        article["datePublished"] = (
            f"{publication.year}-{publication.month:02d}" if publication.month else str(publication.year)
        )
    if publication.journal:
        article["isPartOf"] = {"@type": "Periodical", "name": publication.journal}
    if publication.doi:
        article["sameAs"] = publication.doi_url
        article["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": publication.doi}
    elif publication.url:
        article["url"] = publication.url
    if publication.pages:
        article["pagination"] = publication.pages
    return article


def expert_data(request, expert, publications):
    url = request.build_absolute_uri(expert.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Physician",
        "@id": url,
        "url": url,
        "name": str(field_in_language(expert, "name")),
    }
    if expert.name_native:
        data["alternateName"] = expert.name_native
    titles = expert.title_list + expert.position_list
    if titles:
        data["jobTitle"] = titles
    if expert.picture:
        data["image"] = request.build_absolute_uri(expert.picture.largest_url)
    specialties = [s.name for s in expert.specialties.all()]
    if specialties:
        data["medicalSpecialty"] = specialties
    languages = [language.code for language in expert.languages.all()]
    if languages:
        data["knowsLanguage"] = languages
    if expert.hospital:
        data["hospitalAffiliation"] = {"@type": "Hospital", "name": expert.hospital.name}
    articles = [_article(pub) for pub in publications]
    if articles:
        data["subjectOf"] = articles
    return data


def expert_jsonld(request, expert, publications):
    return json_ld_script(expert_data(request, expert, publications))
