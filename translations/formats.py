"""Exchange files for translation agencies: XLIFF 2.0 (standard library; uploads parsed with defusedxml) and PO (polib).

A segment is one field of one object: its id is `app_label.model.pk.field`, its source the
English text, its target the current translation (empty when missing) and its fingerprint the
source's (`translations.state.fingerprint`). XLIFF carries the fingerprint as `hsp:fingerprint`
on the `<unit>` (foreign attributes are allowed there by XLIFF 2.0 core), PO in the entry's
context (`msgctxt "id|fingerprint"`) so CAT tools keep it. Rich text travels as escaped HTML in
the segment: translators may restructure it; it is sanitised again on import.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import polib
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_untrusted_xml
from django.utils.translation import gettext_lazy as _

from hospital.i18n import bcp47

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
OUR_NS = "urn:x-international-cancer-care:translation"
ET.register_namespace("", XLIFF_NS)
ET.register_namespace("hsp", OUR_NS)


class ExchangeFormatError(Exception):
    """The file cannot be read at all (message translated, with the position where known)."""


@dataclass
class Segment:
    key: str
    source: str
    target: str
    fingerprint: str
    note: str = ""
    position: str = ""


def _q(tag):
    return f"{{{XLIFF_NS}}}{tag}"


def write_xliff(segments, language):
    root = ET.Element(_q("xliff"), {"version": "2.0", "srcLang": "en", "trgLang": bcp47(language)})
    file = ET.SubElement(root, _q("file"), {"id": "content"})
    for segment in segments:
        unit = ET.SubElement(file, _q("unit"), {"id": segment.key, f"{{{OUR_NS}}}fingerprint": segment.fingerprint})
        if segment.note:
            notes = ET.SubElement(unit, _q("notes"))
            ET.SubElement(notes, _q("note"), {"category": "context"}).text = segment.note
        seg = ET.SubElement(unit, _q("segment"))
        ET.SubElement(seg, _q("source")).text = segment.source
        ET.SubElement(seg, _q("target")).text = segment.target
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _text(element):
    # Inline elements a CAT tool may have added (<ph>, <pc>, <mrk>) keep their text content.
    return "".join(element.itertext()) if element is not None else ""


def read_xliff(content, language):
    try:
        # Uploaded XML is untrusted: no DTD, no entities (billion laughs, external entities).
        root = parse_untrusted_xml(content, forbid_dtd=True)
    except DefusedXmlException:
        raise ExchangeFormatError(_("The XLIFF file declares a DOCTYPE or entities, which are not accepted.")) from None
    except ET.ParseError as error:
        line, column = error.position
        raise ExchangeFormatError(
            _("The XLIFF file is not well-formed XML (line %(line)s, column %(column)s).")
            % {"line": line, "column": column}
        ) from None
    if root.tag != _q("xliff") or root.get("version") != "2.0":
        raise ExchangeFormatError(_("This is not an XLIFF 2.0 file."))
    if (root.get("trgLang") or "").lower() != bcp47(language).lower():
        raise ExchangeFormatError(
            _("The file is for language “%(found)s”, not “%(expected)s”.")
            % {"found": root.get("trgLang") or "?", "expected": bcp47(language)}
        )
    segments = []
    for number, unit in enumerate(root.iter(_q("unit")), start=1):
        position = _("unit %(number)s") % {"number": number}
        segment = unit.find(_q("segment"))
        segments.append(
            Segment(
                key=unit.get("id") or "",
                source=_text(segment.find(_q("source"))) if segment is not None else "",
                target=_text(segment.find(_q("target"))) if segment is not None else "",
                fingerprint=unit.get(f"{{{OUR_NS}}}fingerprint") or "",
                position=position,
            )
        )
    return segments


def write_po(segments, language):
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": "en",
    }
    for segment in segments:
        po.append(
            polib.POEntry(
                msgctxt=f"{segment.key}|{segment.fingerprint}",
                msgid=segment.source,
                msgstr=segment.target,
                comment=segment.note,
            )
        )
    return str(po).encode("utf-8")


def read_po(content, language):
    try:
        text = content.decode("utf-8")
        po = polib.pofile(text)
    except (UnicodeDecodeError, OSError, ValueError) as error:
        raise ExchangeFormatError(_("The PO file cannot be read: %(error)s") % {"error": error}) from None
    found = (po.metadata.get("Language") or "").lower().replace("_", "-")
    if found and found != language.lower():
        raise ExchangeFormatError(
            _("The file is for language “%(found)s”, not “%(expected)s”.") % {"found": found, "expected": language}
        )
    segments = []
    for entry in po:
        key, _sep, fingerprint = (entry.msgctxt or "").partition("|")
        segments.append(
            Segment(
                key=key,
                source=entry.msgid,
                target=entry.msgstr,
                fingerprint=fingerprint,
                position=_("line %(line)s") % {"line": entry.linenum},
            )
        )
    return segments


FORMATS = {
    "xliff": {"write": write_xliff, "read": read_xliff, "extension": "xlf", "mime": "application/xliff+xml"},
    "po": {"write": write_po, "read": read_po, "extension": "po", "mime": "text/x-gettext-translation"},
}


def detect_format(filename, content):
    if filename.lower().endswith((".xlf", ".xliff")) or content.lstrip().startswith(b"<"):
        return "xliff"
    return "po"
