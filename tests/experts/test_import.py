"""Importing publication files: formats, duplicates, skipped entries, limits, round trips."""

import json

import pytest
from django.core.management import CommandError, call_command

from experts.exporters import EXPORTERS
from experts.importers import ImportFormatError
from experts.models import Authorship, Publication
from experts.services import import_publications

from .factories import ExpertFactory, PublicationFactory

pytestmark = pytest.mark.django_db

BIBTEX = """@article{li2020,
  author = {LI Junyun and OUYANG Yi and TAO Yalan and WANG Ligen and LI Mingyi and GAO Lei and CAO Xinping},
  title = {Small Cell Carcinoma of the Uterine Cervix: A Multi-Institutional Clinical Experience},
  journal = {International Journal of Gynecological Cancer},
  year = {2020}, month = feb, volume = {30}, number = {2}, pages = {174--180},
  doi = {https://doi.org/10.1136/IJGC-2019-000612},
}

@article{wang2002,
  author = {WANG Ligen and GUO Yan and ZHANG Xiang},
  title = {Brain Metastasis: Clinical Experience of Xijing Hospital},
  journal = {Stereotactic and Functional Neurosurgery},
  year = 2002, volume = {78}, number = {2}, pages = {70--83},
}
"""
RIS = """TY  - JOUR
AU  - Li, Junyun
AU  - Wang, Ligen
TI  - Small cell carcinoma of the uterine cervix
T2  - International Journal of Gynecological Cancer
PY  - 2020
DA  - 2020/02//
VL  - 30
IS  - 2
SP  - 174
EP  - 180
DO  - 10.1136/ijgc-2019-000612
ER  - {end}
""".format(end="")
NBIB = """PMID- 31848120
OWN - NLM
TI  - Small cell carcinoma of the uterine cervix: a multi-institutional
      experience.
FAU - Li, Junyun
AU  - Li J
FAU - Wang, Ligen
AU  - Wang L
DP  - 2020 Feb
JT  - International journal of gynecological cancer
VI  - 30
IP  - 2
PG  - 174-180
LID - 10.1136/ijgc-2019-000612 [doi]
PT  - Journal Article
PT  - Review
LA  - eng
"""
CSL = json.dumps([{
    "id": "li2020", "type": "article-journal", "title": "Small cell carcinoma of the uterine cervix",
    "author": [{"family": "Li", "given": "Junyun"}, {"family": "Wang", "given": "Ligen"}],
    "container-title": "International Journal of Gynecological Cancer", "issued": {"date-parts": [[2020, 2]]},
    "volume": "30", "issue": "2", "page": "174-180", "DOI": "10.1136/ijgc-2019-000612", "PMID": "31848120",
}])  # fmt: skip


@pytest.fixture
def wang():
    return ExpertFactory(name_en="Wang Ligen", name_native="王立根", slug_en="wang-ligen")


@pytest.mark.parametrize(
    "text, label",
    [(BIBTEX, "BibTeX"), (RIS, "RIS"), (NBIB, "PubMed/MEDLINE"), (CSL, "CSL-JSON")],
    ids=["bibtex", "ris", "nbib", "csl-json"],
)
def test_each_format_is_recognised_from_its_content(wang, text, label):
    plan = import_publications(wang, text.encode())
    assert plan.format_label == label
    pub = Publication.objects.get(doi="10.1136/ijgc-2019-000612")
    assert pub.year == 2020 and pub.month == 2 and pub.volume == "30" and pub.issue == "2" and pub.pages == "174-180"
    assert list(pub.experts.all()) == [wang]
    linked = pub.authorships.get(expert=wang)
    assert linked.position == (4 if label == "BibTeX" else 2)


def test_authors_keep_their_printed_order_and_the_expert_is_found(wang):
    import_publications(wang, BIBTEX.encode())
    pub = Publication.objects.get(doi="10.1136/ijgc-2019-000612")
    assert pub.author_names == ["LI Junyun", "OUYANG Yi", "TAO Yalan", "WANG Ligen", "LI Mingyi", "GAO Lei",
                                "CAO Xinping"]  # fmt: skip
    assert Authorship.objects.get(publication__title__startswith="Brain", expert=wang).position == 1


def test_medline_publication_types_and_pmid(wang):
    import_publications(wang, NBIB.encode())
    pub = Publication.objects.get()
    assert pub.pmid == "31848120" and pub.kind == "review" and pub.language == "en"
    assert pub.title == "Small cell carcinoma of the uterine cervix: a multi-institutional experience."


@pytest.mark.parametrize(
    "written, stored",
    [("English", "en"), ("eng", "en"), ("en-GB", "en"), ("chi", "zh"), ("Chinese", "zh"), ("zh_CN", "zh"),
     ("Bahasa Melayu", "Bahasa Melayu")],
)  # fmt: skip
def test_the_language_is_stored_as_an_iso_code_where_one_exists(wang, written, stored):
    entry = BIBTEX.split("\n\n")[0].replace("  year = {2020}", f"  language = {{{written}}},\n  year = {{2020}}")
    import_publications(wang, entry.encode())
    assert Publication.objects.get().language == stored


def test_duplicate_doi_is_linked_not_created(wang):
    other = ExpertFactory()
    existing = PublicationFactory(doi="10.1136/ijgc-2019-000612", title="Another title", experts=[other])
    plan = import_publications(wang, RIS.encode())
    assert plan.created == 0 and plan.linked == 1 and plan.items[0].existing == existing
    assert Publication.objects.count() == 1
    assert set(existing.experts.all()) == {other, wang}


def test_duplicate_pmid_is_linked_not_created(wang):
    existing = PublicationFactory(pmid="31848120")
    import_publications(wang, NBIB.encode().replace(b"LID - 10.1136/ijgc-2019-000612 [doi]\n", b""))
    assert Publication.objects.count() == 1
    assert wang in existing.experts.all()


def test_same_title_and_year_with_shared_authors_is_only_a_possible_duplicate(wang):
    existing = PublicationFactory(title="Small Cell Carcinoma of the Uterine Cervix!", year=2020, authors=["Li J"])
    text = RIS.replace("DO  - 10.1136/ijgc-2019-000612\n", "")
    plan = import_publications(wang, text)
    assert plan.linked == 0 and plan.count("possible") == 1 and plan.items[0].existing == existing
    assert Publication.objects.count() == 1 and wang not in existing.experts.all()


def test_same_title_and_year_without_shared_authors_is_a_new_paper(wang):
    PublicationFactory(title="Small Cell Carcinoma of the Uterine Cervix!", year=2020, authors=["SHEN Qian"])
    plan = import_publications(wang, RIS.replace("DO  - 10.1136/ijgc-2019-000612\n", ""))
    assert plan.created == 1 and Publication.objects.count() == 2


def test_duplicates_within_one_file_are_created_once(wang):
    plan = import_publications(wang, (RIS + "\n" + RIS).encode())
    assert plan.created == 1 and plan.count("repeated") == 1
    assert Publication.objects.count() == 1


def test_importing_the_same_file_twice_changes_nothing(wang):
    import_publications(wang, BIBTEX.encode())
    plan = import_publications(wang, BIBTEX.encode())
    assert plan.created == 0 and plan.count("already") == 2
    assert Publication.objects.count() == 2 and Authorship.objects.count() == 10


MALFORMED = {
    "bibtex": (BIBTEX + "\n@article{broken,\n  title = {No closing brace,\n  year = 2020\n", 2, 16, "malformed"),
    "ris": (RIS + "TY  - JOUR\nTI  - Unclosed record\n", 1, 14, "not closed with an ER line"),
    "nbib": (NBIB + "\nPMID- 123\nnot a medline line\n", 1, 19, "line 20 is not a MEDLINE line"),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_a_malformed_entry_is_skipped_with_its_line_and_the_others_are_imported(wang, name):
    text, valid, line, reason = MALFORMED[name]
    plan = import_publications(wang, text.encode())
    (skipped,) = plan.skipped
    assert skipped.line == line and reason in skipped.reason
    assert plan.created == valid == Publication.objects.count()


def test_malformed_json_is_a_file_level_error_naming_the_line(wang):
    with pytest.raises(ImportFormatError, match="line 2"):
        import_publications(wang, b'[{"title": "x",\n "author": [}]')
    assert Publication.objects.count() == 0


def test_an_invalid_doi_skips_only_its_entry(wang):
    text = BIBTEX.replace("pages = {70--83},", "pages = {70--83}, doi = {10.abc/not-a-doi},")
    plan = import_publications(wang, text)
    (skipped,) = plan.skipped
    assert skipped.entry == "wang2002" and "is not a DOI" in skipped.reason and skipped.line == 9
    assert list(Publication.objects.values_list("doi", flat=True)) == ["10.1136/ijgc-2019-000612"]


@pytest.mark.parametrize(
    "written",
    [
        "10.1136/ijgc-2019-000612", "10.1136/IJGC-2019-000612", "https://doi.org/10.1136/ijgc-2019-000612",
        "http://dx.doi.org/10.1136/ijgc-2019-000612", "https://www.doi.org/10.1136/ijgc-2019-000612",
        "doi.org/10.1136/ijgc-2019-000612", "doi:10.1136/ijgc-2019-000612", "DOI: 10.1136/ijgc-2019-000612",
        "doi 10.1136/ijgc-2019-000612", "info:doi/10.1136/ijgc-2019-000612", "https://doi.org/10.1136%2Fijgc-2019-000612",
        " 10.1136/ijgc-2019-000612. ",
    ],
)  # fmt: skip
def test_a_doi_in_every_common_written_form_is_stored_bare_and_lower_case(wang, written):
    import_publications(wang, RIS.replace("DO  - 10.1136/ijgc-2019-000612", f"DO  - {written}"))
    assert Publication.objects.get().doi == "10.1136/ijgc-2019-000612"


def test_empty_and_unrecognised_files_are_refused(wang):
    for data, message in ((b"", "empty"), (b"   \n", "empty"), (b"hello world", "not in a format")):
        with pytest.raises(ImportFormatError, match=message):
            import_publications(wang, data)
    with pytest.raises(ImportFormatError, match="UTF-8"):
        import_publications(wang, "TY  - JOUR\nTI  - café\nER  - \n".encode("latin-1"))


@pytest.mark.parametrize("fmt", ["bib", "ris", "csv"])
def test_export_then_import_round_trips_without_loss(wang, fmt):
    source = [
        PublicationFactory(title="Californium-252 (²⁵²Cf) neutron brachytherapy: a study", year=2017, month=None,
                           volume="35", issue="04", pages="35-43", journal="Chinese Journal of Cancer", language="zh",
                           abstract="Cervical cancer ranks sixth; 150 patients, “stage IB–IVB”.", experts=[wang],
                           authors=["SHEN Qian", "Wang, Ligen", "O'Brien, J. R."]),
        PublicationFactory(title="A systematic review", kind="review", sci_indexed=True, doi="10.1000/ABC.1",
                           pmid="123456", url="https://example.org/a", month=11, experts=[wang]),
        PublicationFactory(title="Heavy ions: a case report", kind="case_report", year=2021, experts=[wang]),
        PublicationFactory(title="Monte Carlo modelling", kind="conference_paper", journal="Proc. PTCOG 61",
                           experts=[wang]),
        PublicationFactory(title="Radiobiology of ions", kind="book_chapter", journal="Particle Therapy",
                           pages="101-130", experts=[wang]),
    ]  # fmt: skip
    fields = ["title", "journal", "year", "month", "volume", "issue", "pages", "doi", "pmid", "url", "abstract",
              "kind", "sci_indexed", "language"]  # fmt: skip
    before = [({f: getattr(p, f) for f in fields}, p.author_names) for p in source]
    data = EXPORTERS[fmt].write(Publication.objects.of_expert(wang).for_listing())
    Publication.objects.all().delete()
    target = ExpertFactory()
    plan = import_publications(target, data)
    assert plan.created == len(source)
    after = [({f: getattr(p, f) for f in fields}, p.author_names) for p in Publication.objects.of_expert(target)]
    key = lambda row: row[0]["title"]  # noqa: E731
    assert sorted(after, key=key) == sorted(before, key=key)


def test_command_imports_and_reports(wang, tmp_path, capsys):
    path = tmp_path / "list.bib"
    path.write_text(BIBTEX)
    call_command("import_publications", "wang-ligen", str(path))
    assert Publication.objects.of_expert(wang).count() == 2
    call_command("import_publications", "wang-ligen", str(path))
    assert "already in this list" in capsys.readouterr().out


def test_command_dry_run_stores_nothing(wang, tmp_path):
    path = tmp_path / "list.ris"
    path.write_text(RIS)
    call_command("import_publications", "wang-ligen", str(path), "--dry-run")
    assert Publication.objects.count() == 0


def test_command_refuses_an_unknown_expert(tmp_path):
    path = tmp_path / "list.bib"
    path.write_text(BIBTEX)
    with pytest.raises(CommandError, match="No expert has the slug “nobody”"):
        call_command("import_publications", "nobody", str(path))


def test_command_imports_the_valid_entries_and_lists_the_skipped_ones(wang, tmp_path, capsys):
    path = tmp_path / "list.ris"
    path.write_text(MALFORMED["ris"][0])
    call_command("import_publications", "wang-ligen", str(path))
    out, err = capsys.readouterr()
    assert "entry 1, line 1: new" in out and "entry 2, line 14: skipped" in out
    assert "entry 2, line 14: the record is not closed with an ER line" in err
    assert Publication.objects.count() == 1


def test_command_fails_when_nothing_could_be_imported(wang, tmp_path):
    path = tmp_path / "list.ris"
    path.write_text("TY  - JOUR\nAU  - Wang, Ligen\nER  - \n")
    with pytest.raises(CommandError, match="no entry could be read"):
        call_command("import_publications", "wang-ligen", str(path))
    assert Publication.objects.count() == 0


def test_command_refuses_a_50_mb_file_without_reading_it(wang, tmp_path, monkeypatch):
    path = tmp_path / "huge.bib"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB of nothing, never parsed
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(CommandError, match="too large"):
        call_command("import_publications", "wang-ligen", str(path))


def test_command_refuses_a_missing_file(wang):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_publications", "wang-ligen", "/nonexistent/list.bib")


@pytest.mark.parametrize("fmt", ["bib", "ris", "csv"])
def test_export_round_trips_group_authors_backslashes_braces_status_and_et_al(wang, fmt):
    title = r"Paths like C:\temp\new, sets {a, b}, 50% of $5 & #1_x ~ 2^3 -- and C--C"
    PublicationFactory(title=title, year=None, status="in_press", more_authors=True, experts=[wang],
                       authors=["Radiation Therapy Oncology Group and Partners", "Wang, Ligen"])  # fmt: skip
    data = EXPORTERS[fmt].write(Publication.objects.of_expert(wang).for_listing())
    Publication.objects.all().delete()
    import_publications(ExpertFactory(), data)
    pub = Publication.objects.get()
    assert pub.title == title and pub.status == "in_press" and pub.year is None and pub.more_authors
    assert pub.author_names == ["Radiation Therapy Oncology Group and Partners", "Wang, Ligen"]


@pytest.mark.parametrize(("fmt", "series"), [("bib", []), ("ris", ["Schlegel, Wolfgang"])])
def test_export_round_trips_editors_and_series_editors(wang, fmt, series):
    """BibTeX has `editor` only; RIS writes editors as A2 and series editors as A3."""
    PublicationFactory(title="Radiobiology of ions", kind="book_chapter", journal="Particle Therapy", experts=[wang],
                       authors=["Wang, Ligen"], editors="Durante, Marco\nTherapy Group and Partners",
                       series_editors="Schlegel, Wolfgang")  # fmt: skip
    data = EXPORTERS[fmt].write(Publication.objects.of_expert(wang).for_listing())
    Publication.objects.all().delete()
    import_publications(ExpertFactory(), data)
    pub = Publication.objects.get()
    assert pub.author_names == ["Wang, Ligen"]
    assert pub.editor_names == ["Durante, Marco", "Therapy Group and Partners"]
    assert pub.series_editor_names == series
