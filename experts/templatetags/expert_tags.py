"""Template tags of the experts app: cards, the home page section, a profile's citations and JSON-LD."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext

from hospital.i18n import bcp47, field_in_language, inline_text, lang_attribute
from hospital.templatetags.site_tags import picture

from ..citation_styles import STYLES
from ..jsonld import expert_jsonld
from ..models import Expert

register = template.Library()
CITE_STYLES = [STYLES["ama"], STYLES["apa"], STYLES["vancouver"]]


@register.simple_tag
def expert_card(expert, heading_level=3):
    """`{% expert_card expert heading_level=2 %}`: an expert's card in a list (directory, home).

    Written here, not as an include: a directory page shows 24 (bench/bench_render.py: 0.8 ms less
    per page than an include each). Names and texts in another language than the page's carry `lang`."""
    name = field_in_language(expert, "name")
    summary = field_in_language(expert, "summary")
    titles = field_in_language(expert, "titles")
    if expert.picture:
        photo = picture(expert.photo_renditions, alt=name, sizes="(min-width: 992px) 120px, 33vw",
                        css_class="img-fluid rounded-start")  # fmt: skip
    else:
        photo = format_html(
            '<div class="expert-card-placeholder bg-body-tertiary h-100 d-flex align-items-center '
            'justify-content-center text-body-secondary fs-2" aria-hidden="true">{}</div>', name[:1]
        )  # fmt: skip
    lines = [
        format_html('<p class="mb-1 text-body-secondary"{}>{}</p>', lang_attribute(expert.native_name),
                    expert.name_native) if expert.name_native else "",
        format_html('<p class="small mb-1"{}>{}</p>', lang_attribute(titles), " · ".join(expert.title_list))
        if titles else "",
        format_html('<p class="small text-body-secondary mb-1">{}</p>', inline_text(expert.hospital, "name"))
        if expert.hospital_id else "",
        format_html('<p class="small mb-0"{}>{}</p>', lang_attribute(summary), Truncator(summary).chars(140))
        if summary else "",
    ]  # fmt: skip
    return format_html(
        '<article class="card h-100 expert-card">\n  <div class="row g-0 h-100">\n    <div class="col-4">\n'
        "      {}\n    </div>\n"
        '    <div class="col-8"><div class="card-body">\n'
        '      <h{} class="h5 card-title mb-1"><a class="stretched-link" href="{}"{}>{}</a></h{}>\n'
        "{}    </div></div>\n  </div>\n</article>",
        photo, heading_level, expert.get_absolute_url(), lang_attribute(name), name, heading_level,
        format_html_join("", "      {}\n", ((line,) for line in lines if line)),
    )  # fmt: skip


@register.inclusion_tag("experts/includes/_featured_experts.html", takes_context=True)
def featured_experts(context, limit=None):
    limit = limit or settings.EXPERTS_FEATURED_ON_HOME
    experts = list(Expert.objects.published().featured().for_listing().for_language()[:limit])
    return {"experts": experts, "request": context.get("request")}


@register.simple_tag(takes_context=True)
def expert_json_ld(context, expert, publications):
    return expert_jsonld(context["request"], expert, publications)


@register.simple_tag
def citation_items(cited, expert):
    """The `<li>` of each `profile.CitedPublication`, in order, with the profile's expert in bold.

    Built here rather than by including a template per item: a profile lists hundreds of
    papers, and an include per paper took longer than the rest of the page together.
    """
    cite = reverse("experts:cite", kwargs={"slug": expert.current_slug, "pk": 0, "style": "ama"})
    cite = cite.replace("/0/cite.ama", "/{pk}/cite.{style}")  # one reverse() for the whole list
    return format_html_join("\n", "{}", ((_citation_item(item, expert, cite),) for item in cited))


def _author(part, expert):
    if part.expert is not None and part.expert.pk == expert.pk:
        return format_html("<strong>{}</strong>", part.name)
    if part.expert is not None and part.expert.published:
        return format_html('<a href="{}">{}</a>', part.expert.get_absolute_url(), part.name)
    return part.name


def _cite_links(pub, cite):
    links = format_html_join(" ", '<a class="copy-citation" href="{}" data-copied="{}" title="{}">{}</a>', (
        (cite.format(pk=pub.pk, style=style.key), gettext("Copied"), gettext("Copy the citation in %(style)s style")
         % {"style": style.label}, style.label) for style in CITE_STYLES))  # fmt: skip
    return format_html("{} {}", gettext("Cite:"), links)


def _citation_item(item, expert, cite):
    pub, citation = item.publication, item.citation
    authors = format_html(
        "{}{}{}",
        format_html_join(", ", "{}", ((_author(part, expert),) for part in citation.authors)),
        ", et al" if citation.et_al else "",
        ". " if citation.authors else "",
    )
    lang = bcp47(pub.text_language)
    details = [pub.get_kind_display()]
    if pub.sci_indexed:
        details.append(format_html('<span class="badge text-bg-success">{}</span>', gettext("SCI")))
    if item.expert_position:
        details.append(
            gettext("author %(position)s of %(total)s") % {"position": item.expert_position, "total": item.author_count}
        )
    if pub.doi:
        details.append(format_html('<a href="{}" rel="noopener">doi:{}</a>', pub.doi_url, pub.doi))
    if pub.pmid:
        details.append(format_html('<a href="{}" rel="noopener">PubMed {}</a>', pub.pubmed_url, pub.pmid))
    if pub.url and not pub.doi:
        details.append(format_html('<a href="{}" rel="noopener">{}</a>', pub.url, gettext("Full text")))
    details.append(_cite_links(pub, cite))
    abstract = ""
    if pub.abstract:
        abstract = format_html(
            '<details class="small"><summary>{}</summary><p lang="{}">{}</p></details>',
            gettext("Abstract"), lang, pub.abstract,
        )  # fmt: skip
    return format_html(
        '<li class="publication mb-3" id="publication-{}"><span class="citation" lang="{}">{}'
        '<cite class="fst-normal">{}</cite> {}</span><span class="small d-block text-body-secondary">{}</span>{}</li>',
        pub.pk, lang, authors, citation.title, citation.source,
        format_html_join(" · ", "{}", ((detail,) for detail in details)), abstract,
    )  # fmt: skip
