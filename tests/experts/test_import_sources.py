"""Importing the files physicians really have: a corpus of real exports and each problem of issue 13 in miniature."""

import json
from pathlib import Path

import pytest

from experts.importers import ImportFormatError
from experts.models import Authorship, Publication
from experts.services import import_publications, plan_import

from .factories import ExpertFactory, PublicationFactory

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).parent / "data" / "corpus"

# file: (format, records in the file, skipped) — counted by hand from the files.
EXPECTED = {
    "biblatex-examples.bib": ("BibTeX", 92, 2),  # two @set entries
    "bibtexparser-examples.bib": ("BibTeX", 1, 0),
    "biopython-pubmed1.xml": ("PubMed XML", 2, 0),
    "biopython-pubmed2.xml": ("PubMed XML", 2, 0),
    "biopython-pubmed_result1.nbib": ("PubMed/MEDLINE", 1, 0),
    "biopython-pubmed_result2.nbib": ("PubMed/MEDLINE", 4, 0),
    "biopython-pubmed_result3.nbib": ("PubMed/MEDLINE", 1, 0),
    "csl-test-suite-bugreports_AccidentalAllCaps.json": ("CSL-JSON", 1, 0),
    "csl-test-suite-name_ArticularWithComma.json": ("CSL-JSON", 1, 0),
    "csl-test-suite-name_ParticleFormatting.json": ("CSL-JSON", 1, 0),
    "csl-test-suite-name_namepartAffixes.json": ("CSL-JSON", 1, 1),  # an item without a title
    "rispy-example_basic.ris": ("RIS", 1, 0),
    "rispy-example_bom.ris": ("RIS", 1, 1),  # only a DOI
    "rispy-example_extraneous_data.ris": ("RIS", 2, 0),  # provider header lines
    "rispy-example_full.ris": ("RIS", 2, 0),
    "rispy-example_multi_unknown_tags.ris": ("RIS", 1, 0),
    "rispy-example_multiline.ris": ("RIS", 3, 3),  # notes only, no title
    "rispy-example_starting_newlines.ris": ("RIS", 1, 0),
    "rispy-example_urls.ris": ("RIS", 4, 0),
    "rispy-example_utf_chars.ris": ("RIS", 1, 0),
    "rispy-example_wos.ris": ("Web of Science", 2, 0),
}


@pytest.fixture
def wang():
    return ExpertFactory(name_en="Wang Ligen", name_native="王立根", slug_en="wang-ligen")


def test_the_corpus_is_complete():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_real_file_reconciles_and_imports_its_valid_entries(wang, name):
    label, total, skipped = EXPECTED[name]
    plan = import_publications(wang, (CORPUS / name).read_bytes())
    assert (plan.format_label, len(plan.items), len(plan.skipped)) == (label, total, skipped)
    assert all(item.line or item.entry for item in plan.skipped) and all(item.reason for item in plan.skipped)
    assert Publication.objects.count() == plan.created
    assert plan.created + len(plan.possible_duplicates) + plan.count("repeated") == total - skipped
    again = import_publications(wang, (CORPUS / name).read_bytes())
    assert again.created == 0 and Publication.objects.count() == plan.created


def test_biblatex_crossref_children_inherit_the_parents_year_and_booktitle(wang):
    import_publications(wang, (CORPUS / "biblatex-examples.bib").read_bytes())
    child = Publication.objects.get(title="The True Frontier")
    assert child.year == 2000 and child.journal == "Space and Beyond" and child.kind == "book_chapter"
    assert Publication.objects.get(title__startswith="A carbocyclic carbene").title.endswith(
        "for C–C coupling reactions"
    )


def test_wos_tagged_export_reads_continued_author_and_title_lines(wang):
    import_publications(wang, (CORPUS / "rispy-example_wos.ris").read_bytes())
    pub = Publication.objects.get(title__startswith="Interactions stabilizing")
    assert pub.author_names == ["Parkes-Loach, PS", "Majeed, AP", "Law, CJ", "Loach, PA"]
    assert pub.title.endswith("photosynthetic bacteria and its subunit (B820)")


def imported(expert, text):
    plan = import_publications(expert, text.encode() if isinstance(text, str) else text)
    return plan, list(Publication.objects.order_by("pk"))


# --- BibTeX -------------------------------------------------------------------------------------------------


def test_latex_in_titles_and_journals_becomes_unicode_and_href_does_not_crash(wang):
    text = r"""@article{a, title = {See \href{https://e.org}{here}: $\beta$-cells, DNA$_\textrm{2}$, \(^\mbox k\)},
      journal = {J.~Chem. Phys.}, year = 2020, author = {Schr\"odinger, Erwin}}
    @article{b, title = {C--C coupling --- a review of H$_2$O$^{2+}$}, year = 2021}"""
    plan, (a, b) = imported(wang, text)
    assert a.title == "See here: β-cells, DNA₂, ᵏ" and a.journal == "J. Chem. Phys."
    assert a.author_names == ["Schrödinger, Erwin"]
    assert b.title == "C–C coupling — a review of H₂O²⁺"


def test_string_macros_and_concatenation_are_expanded(wang):
    text = (
        '@string{j = "Jean"}\n@string{cesar = "Cesar"}\n@article{a, author = j # " " # cesar, title = "T", year=2020}'
    )
    _plan, (pub,) = imported(wang, text)
    assert pub.author_names == ["Jean Cesar"]


def test_and_across_line_breaks_and_tabs_splits_authors_and_others_is_et_al(wang):
    names = " and\n    ".join(f"Author{i}, A." for i in range(1, 10))
    text = f"@article{{a, author = {{{names} and\tTenth, T. and others}}, title = {{Ten}}, year = 2020}}"
    _plan, (pub,) = imported(wang, text)
    assert len(pub.author_names) == 10 and pub.author_names[-1] == "Tenth, T." and pub.more_authors


def test_set_is_skipped_and_a_duplicate_key_is_named_as_such(wang):
    text = """@set{s, entryset = {a}}
@article{a, title = {First}, year = 2020}
@article{a, title = {Second}, year = 2021}
"""
    plan, (pub,) = imported(wang, text)
    reasons = {item.entry: item.reason for item in plan.skipped}
    assert "@set" in reasons["s"] and "“a” is already used by the entry at line 2" in reasons["a"]
    assert pub.title == "First"


def test_year_in_press_is_a_status_and_biblatex_date_gives_the_month(wang):
    text = """@article{a, title = {Soon}, year = {in press}}
@article{b, title = {Dated}, date = {2019-11-03}}"""
    _plan, (a, b) = imported(wang, text)
    assert a.year is None and a.status == "in_press"
    assert (b.year, b.month) == (2019, 11)


def test_a_doi_written_with_a_publisher_resolver_is_accepted(wang):
    _plan, (pub,) = imported(wang, "@article{a, title={T}, year=2019, doi={http://doi.acm.org/10.1145/1234.5678}}")
    assert pub.doi == "10.1145/1234.5678"


# --- RIS ----------------------------------------------------------------------------------------------------

IEEE = "\r\n\n\r".join(f"TY  - JOUR\r\nTI  - Paper {i}\r\nAU  - Wang, Ligen\r\nPY  - 2020\r\nER  - " for i in range(25))


def test_an_ieee_export_with_odd_record_separators_loses_nothing(wang):
    plan, pubs = imported(wang, IEEE)
    assert plan.created == 25 == len(pubs)


def test_ris_authors_keep_order_across_tags_and_an_is_no_pmid(wang):
    text = """Provider: Example Database
Content: text/plain

TY - JOUR
A1  - First, A.
AU  - Second, B.
AU  - Third,
      C.
TI  - A title continued
      on a second line
AN  - PMC3654245
KW  - one
      two
PY  - 2019
ER  -
"""
    plan, (pub,) = imported(wang, text)
    assert pub.author_names == ["First, A.", "Second, B.", "Third, C."]
    assert pub.title == "A title continued on a second line" and pub.pmid is None


def test_ris_a2_of_a_real_export_is_an_editor_not_an_author(wang):
    """rispy's example_full.ris: `A2  - Glattauer, Daniel` after two `A1` authors (RIS: A2 = secondary author)."""
    import_publications(wang, (CORPUS / "rispy-example_full.ris").read_bytes())
    pub = Publication.objects.get(title="Title of reference")
    assert pub.author_names == ["Marx, Karl", "Lindgren, Astrid"]
    assert pub.editor_names == ["Glattauer, Daniel"] and pub.series_editor_names == []
    assert not Authorship.objects.filter(name__startswith="Glattauer").exists()


CHAPTER_RIS = """TY  - CHAP
AU  - Wang, Ligen
AU  - Li, Qiang
A2  - Durante, Marco
ED  - Paganetti,
      Harald
A3  - Schlegel, Wolfgang
TI  - Radiobiology of carbon ions
T2  - Particle Therapy in Practice
PY  - 2021
ER  -
"""
CHAPTER_BIBTEX = r"""@incollection{wang2021, author = {Wang, Ligen and Li, Qiang},
  editor = {Durante, Marco and
            Paganetti, Harald}, title = {Radiobiology of carbon ions},
  booktitle = {Particle Therapy in Practice}, year = 2021}"""
CHAPTER_CSL = json.dumps([{
    "id": "wang2021", "type": "chapter", "title": "Radiobiology of carbon ions",
    "container-title": "Particle Therapy in Practice", "issued": {"date-parts": [[2021]]},
    "author": [{"family": "Wang", "given": "Ligen"}, {"family": "Li", "given": "Qiang"}],
    "editor": [{"family": "Durante", "given": "Marco"}, {"family": "Paganetti", "given": "Harald"}],
    "collection-editor": [{"family": "Schlegel", "given": "Wolfgang"}],
}])  # fmt: skip


@pytest.mark.parametrize(
    ("text", "series"),
    [(CHAPTER_RIS, ["Schlegel, Wolfgang"]), (CHAPTER_BIBTEX, []), (CHAPTER_CSL, ["Schlegel, Wolfgang"])],
    ids=["ris", "bibtex", "csl"],
)
def test_editors_and_series_editors_are_roles_not_authors_in_every_format(wang, text, series):
    """RIS A2/ED = BibTeX `editor` = CSL `editor`; RIS A3 (tertiary author) = CSL `collection-editor`."""
    _plan, (pub,) = imported(wang, text)
    assert pub.author_names == ["Wang, Ligen", "Li, Qiang"] and pub.authorships.get(position=1).expert == wang
    assert pub.editor_names == ["Durante, Marco", "Paganetti, Harald"]
    assert pub.series_editor_names == series


def test_ris_an_with_pmid_prefix_is_a_pmid(wang):
    _plan, (pub,) = imported(wang, "TY  - JOUR\nTI  - T\nAN  - PMID: 31848120\nER  - \n")
    assert pub.pmid == "31848120"


# --- MEDLINE ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("written, year, month", [("2019 Winter", 2019, 12), ("2019 Dec-2020 Jan", 2019, 12),
                                                  ("2020 Mar-Apr", 2020, 3), ("2018 Spring", 2018, 3)])  # fmt: skip
def test_medline_seasons_and_ranges(wang, written, year, month):
    text = f"PMID- 1\nTI  - T\nDP  - {written}\nAID - 10.1000/xyz [doi]\n"
    _plan, (pub,) = imported(wang, text)
    assert (pub.year, pub.month, pub.doi) == (year, month, "10.1000/xyz")


# --- CSL-JSON -----------------------------------------------------------------------------------------------


def test_csl_particles_suffixes_markup_and_jats(wang):
    title = "<i>In vivo</i> imaging of CO<sub>2</sub> and Ca<sup>2+</sup>"
    item = {"id": "x", "type": "article-journal", "title": title,
            "author": [{"family": "Santos", "non-dropping-particle": "dos", "given": "João"},
                       {"family": "Doe", "given": "Jeffrey", "suffix": "Jr."}],
            "container-title": ["Journal of Things"], "issued": {"date-parts": [["2020", "5"]]},
            "abstract": "<jats:p>First &amp; foremost.</jats:p><jats:p>Second.</jats:p>"}  # fmt: skip
    _plan, (pub,) = imported(wang, json.dumps([item]))
    assert pub.title == "In vivo imaging of CO₂ and Ca²⁺" and pub.journal == "Journal of Things"
    assert pub.author_names == ["dos Santos, João", "Doe, Jeffrey, Jr."]
    assert pub.abstract == "First & foremost.\n\nSecond."
    assert (pub.year, pub.month) == (2020, 5)


# --- more sources -------------------------------------------------------------------------------------------

SCOPUS = (
    '\ufeff"Authors","Author full names","Title","Year","Source title","Volume","Issue","Art. No.","Page start",'
    '"Page end","DOI","Link","Abstract","Document Type","PubMed ID"\n'
    '"Phillips J.C., Braun R., Wang W.","","Scalable molecular dynamics with NAMD","2005",'
    '"Journal of Computational Chemistry","26","16","","1781","1802","10.1002/jcc.20289","https://www.scopus.com/x",'
    '"[No abstract available]","Article","16222654"\n'
)


def test_scopus_csv_is_recognised_and_its_authors_split(wang):
    plan, (pub,) = imported(wang, SCOPUS)
    assert plan.format_label == "Scopus CSV"
    assert pub.author_names == ["Phillips J.C.", "Braun R.", "Wang W."]
    assert (pub.pages, pub.pmid, pub.abstract) == ("1781-1802", "16222654", "")


def test_web_of_science_tab_delimited(wang):
    header = "PT\tAU\tAF\tTI\tSO\tLA\tDT\tPD\tPY\tVL\tIS\tBP\tEP\tDI\tPM"
    row = ("J\tWang, L; Li, J\tWang, Ligen; Li, Junyun\tHeavy ions\tRADIOTHERAPY AND ONCOLOGY\tEnglish\tReview\t"
           "DEC\t2019\t30\t2\t174\t180\t10.1000/WOS.1\t31848120")  # fmt: skip
    plan, (pub,) = imported(wang, f"{header}\n{row}\n")
    assert plan.format_label == "Web of Science"
    assert pub.author_names == ["Wang, Ligen", "Li, Junyun"] and pub.kind == "review" and pub.month == 12
    assert pub.doi == "10.1000/wos.1" and pub.pmid == "31848120"


def test_crossref_works_and_orcid_works(wang):
    crossref = {"status": "ok", "message-type": "work-list", "message": {"items": [{
        "DOI": "10.1000/CR.1", "type": "journal-article", "title": ["Crossref paper"],
        "author": [{"given": "Ligen", "family": "Wang", "sequence": "first"}],
        "container-title": ["J Cross"], "published-print": {"date-parts": [[2018, 7]]}, "page": "1-9"}]}}  # fmt: skip
    orcid = {"group": [{"work-summary": [{"put-code": 1, "type": "journal-article",
        "title": {"title": {"value": "ORCID paper"}}, "journal-title": {"value": "J Orcid"},
        "publication-date": {"year": {"value": "2017"}, "month": {"value": "03"}},
        "external-ids": {"external-id": [{"external-id-type": "doi", "external-id-value": "10.1000/OR.1"}]},
    }]}]}  # fmt: skip
    plan_c, _ = imported(wang, json.dumps(crossref))
    plan_o, pubs = imported(wang, json.dumps(orcid))
    assert (plan_c.format_label, plan_o.format_label) == ("Crossref JSON", "ORCID JSON")
    by_doi = {p.doi: p for p in pubs}
    assert by_doi["10.1000/cr.1"].year == 2018 and by_doi["10.1000/cr.1"].month == 7
    assert by_doi["10.1000/or.1"].title == "ORCID paper" and by_doi["10.1000/or.1"].journal == "J Orcid"


def test_pubmed_xml_takes_the_season_and_the_doi(wang):
    plan, pubs = imported(wang, (CORPUS / "biopython-pubmed1.xml").read_bytes())
    first = next(p for p in pubs if p.pmid == "12091962")
    assert (first.year, first.month, first.kind) == (1990, 3, "review")
    assert next(p for p in pubs if p.pmid == "9997").doi == "10.1016/0005-2795(76)90109-4"


def test_an_xml_bomb_is_refused_as_a_file_error(wang):
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><PubmedArticleSet>&b;'
    with pytest.raises(ImportFormatError):
        import_publications(wang, bomb + "<PubmedArticle></PubmedArticle></PubmedArticleSet>")
    assert Publication.objects.count() == 0


# --- nothing lost -------------------------------------------------------------------------------------------


def test_counts_that_do_not_reconcile_fail_loudly(wang, monkeypatch):
    from experts.importers import ris

    monkeypatch.setattr(ris, "count", lambda text: 99)
    with pytest.raises(ImportFormatError, match="holds 99 records but 1 were read"):
        import_publications(wang, "TY  - JOUR\nTI  - T\nER  - \n")
    assert Publication.objects.count() == 0


def test_an_exception_inside_a_parser_becomes_a_skipped_entry(wang, monkeypatch):
    from experts.importers import ris

    real = ris._record
    monkeypatch.setattr(ris, "_record", lambda start, tags: 1 / 0 if start > 1 else real(start, tags))
    plan = import_publications(wang, "TY  - JOUR\nTI  - A\nER  - \nTY  - JOUR\nTI  - B\nER  - \n")
    assert plan.created == 1 and plan.skipped[0].line == 4 and plan.skipped[0].reason == "this entry could not be read."


# --- matching -----------------------------------------------------------------------------------------------


def test_different_dois_never_merge_even_with_the_same_title(wang):
    other = ExpertFactory(name_en="Other Author")
    existing = PublicationFactory(title="Editorial", year=2020, doi="10.1000/a", experts=[other], authors=["Wang L"])
    text = """@article{x, title={Editorial}, year=2020, doi={10.2000/b}, author={Wang, Ligen}}
@article{y, title={Editorial}, year=2020, doi={10.2000/c}, author={Wang, Ligen}}"""
    plan = import_publications(wang, text)
    assert plan.created == 2 and wang not in existing.experts.all()
    assert Publication.objects.filter(title="Editorial").count() == 3


def test_a_pmid_belonging_to_a_paper_with_another_doi_is_skipped_not_merged(wang):
    PublicationFactory(title="Other", pmid="123", doi="10.1000/a")
    plan = import_publications(wang, "TY  - JOUR\nTI  - Mine\nDO  - 10.1000/b\nAN  - PMID:123\nER  - \n")
    (item,) = plan.skipped
    assert "belongs to “Other”" in item.reason and Publication.objects.count() == 1


def test_possible_duplicate_is_imported_only_by_decision(wang):
    existing = PublicationFactory(title="Heavy ions", year=2020, authors=["Wang L"])
    text = "TY  - JOUR\nTI  - Heavy ions\nAU  - Wang, Ligen\nPY  - 2020\nER  - \n"
    plan = plan_import(wang, text)
    (item,) = plan.possible_duplicates
    assert item.existing == existing
    import_publications(wang, text, decisions={item.number: "link"})
    assert wang in existing.experts.all() and Publication.objects.count() == 1
    import_publications(ExpertFactory(), text, decisions={1: "new"})
    assert Publication.objects.count() == 2


# --- co-authors ---------------------------------------------------------------------------------------------


def test_name_variants_find_the_expert_and_co_authors_link_to_their_profiles(wang):
    wang.name_variants = "Wang LG\nWANG Ligen"
    wang.save()
    colleague = ExpertFactory(name_en="Shen Qian", name_native="沈倩")
    other = ExpertFactory(name_en="Zhou Xin", name_variants="Zhou X")
    text = "PMID- 5\nTI  - T\nFAU - Zhou X\nFAU - Wang LG\nFAU - Shen Q\nFAU - 沈倩\nFAU - Shen, Qian\nDP  - 2020\n"
    plan = import_publications(wang, text)
    assert plan.items[0].expert_position == 1
    pub = Publication.objects.get()
    experts = [a.expert for a in pub.authorships.order_by("position")]
    # Initials alone ("Shen Q") do not link a colleague; full names, native script and variants do.
    assert experts == [other, wang, None, colleague, colleague]
    assert colleague not in pub.experts.all()


def test_the_preview_marks_entries_without_the_expert_among_the_authors(wang):
    plan = plan_import(wang, "TY  - JOUR\nTI  - Someone else's\nAU  - Zhou, Xin\nER  - \n")
    assert plan.items[0].expert_not_found


def test_authorships_are_written_in_a_fixed_number_of_queries(wang, django_assert_max_num_queries):
    text = "\n".join(f"@article{{k{i}, title={{Paper {i}}}, author={{Wang, Ligen and Li, J}}, year=2020}}"
                     for i in range(200))  # fmt: skip
    with django_assert_max_num_queries(20):
        import_publications(wang, text)
    assert Authorship.objects.filter(expert=wang).count() == 200


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cut_and_mangled_files_never_raise_anything_but_a_clear_error(wang, name):
    """Each file cut at many points and with characters swapped: a plan or an ImportFormatError, nothing else."""
    import random

    text = (CORPUS / name).read_text(encoding="utf-8-sig")
    rng = random.Random(name)
    variants = [text[: rng.randrange(1, len(text))] for _ in range(15)]
    for _ in range(15):
        chars = list(text)
        for _ in range(5):
            chars[rng.randrange(len(chars))] = rng.choice('{}"\\$#@,=\n\r-<>&[]:')
        variants.append("".join(chars))
    for variant in variants:
        try:
            plan = plan_import(wang, variant)
        except ImportFormatError as error:
            assert str(error)
        else:
            assert all(item.reason for item in plan.skipped)
    assert Publication.objects.count() == 0
