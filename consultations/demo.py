"""Demo consultation requests in several languages, with small generated PDF and PNG reports.

They go through `submit_consultation()` like real ones (encrypted, hashed); a fixed form token
per request makes a second run change nothing.
"""

import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from hospital.demo import ensure
from hospital.models import Specialty

from . import casework
from .files import inspect_report
from .models import CaseMessage, ConsultationRequest, ReplyTemplate
from .services import submit_consultation


def make_pdf(lines, comment=b""):
    """A minimal valid one-page PDF showing `lines` (ASCII) in Helvetica, written by hand.

    `comment` is written unchanged as a comment line of the page's content stream (tests use it
    to carry a scanner's test signature inside a well-formed PDF)."""
    text = ["BT", "/F1 12 Tf", "72 770 Td", "16 TL"]
    for line in lines:
        escaped = line.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        text.append("(" + escaped.decode("ascii") + ") Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    if comment:
        stream += b"\n% " + comment
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def make_png(label, size=(480, 360)):
    """A small grey 'scan' with a label, as a PNG."""
    image = Image.new("L", size, 24)
    draw = ImageDraw.Draw(image)
    draw.ellipse((size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4), fill=150)
    draw.text((12, 12), label, fill=255)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


REQUESTS = [
    {
        "token": "6f1c2b0e-0d5a-4e84-9a51-0c1f7f0a0001",
        "details": {"patient_name": "Siti Rahmawati", "age": 54, "country": "ID", "phone": "+6281234567890",
                    "email": "siti.demo@example.com", "preferred_language": "id", "cancer_slug": "lung-cancer",
                    "message": "Ibu saya didiagnosis kanker paru stadium III. Apakah terapi ion berat mungkin?",
                    "submitted_by_relative": True},
        "files": [("CT-thorax-report.pdf", "pdf"), ("CT-slice.png", "png")],
    },
    {
        "token": "6f1c2b0e-0d5a-4e84-9a51-0c1f7f0a0002",
        "details": {"patient_name": "Nguyễn Văn An", "age": 61, "country": "VN", "phone": "+84912345678",
                    "email": "", "preferred_language": "vi", "cancer_slug": "liver-cancer",
                    "message": "Tôi muốn hỏi về điều trị ung thư gan bằng xạ trị proton."},
        "files": [("bao-cao-sieu-am.pdf", "pdf")],
    },
    {
        "token": "6f1c2b0e-0d5a-4e84-9a51-0c1f7f0a0003",
        "details": {"patient_name": "أحمد الكبيسي", "age": 47, "country": "AE", "phone": "+971501234567",
                    "email": "ahmed.demo@example.com", "preferred_language": "ar", "cancer_slug": "",
                    "cancer_type_other": "Sarcoma of the thigh",
                    "message": "أرجو معرفة خيارات العلاج المتاحة."},
        "files": [("MRI-report.pdf", "pdf"), ("MRI-image.png", "png")],
    },
    {
        "token": "6f1c2b0e-0d5a-4e84-9a51-0c1f7f0a0004",
        "details": {"patient_name": "Somchai Prasert", "age": 58, "country": "TH", "phone": "+66812345678",
                    "email": "", "preferred_language": "th", "cancer_slug": "nasopharyngeal-cancer", "message": ""},
        "files": [("pathology.pdf", "pdf")],
    },
]  # fmt: skip


def _report(name, kind, reference_line):
    if kind == "pdf":
        data = make_pdf(["Demo medical report (not a real patient)", reference_line, "Findings: see images."])
    else:
        data = make_png(f"DEMO {reference_line}")
    return inspect_report(ContentFile(data, name=name))


TEMPLATES = [
    {
        "name_en": "Records requested", "status_after": "records_requested",
        "body_en": "Dear {patient_name},\n\nthank you for your request {reference}. To answer it, our doctors need "
                   "your latest CT or MRI report with images and the pathology report. Please add them on your "
                   "case page.\n\n{coordinator}",
        "body_ind": "Yth. {patient_name},\n\nterima kasih atas permintaan Anda {reference}. Untuk menjawabnya, "
                    "dokter kami memerlukan laporan CT atau MRI terbaru beserta gambarnya dan laporan patologi. "
                    "Silakan tambahkan di halaman kasus Anda.\n\n{coordinator}",
        "body_ar": "السيد/السيدة {patient_name}،\n\nشكرًا لطلبك {reference}. للرد عليه يحتاج أطباؤنا إلى أحدث تقرير "
                   "للأشعة المقطعية أو الرنين المغناطيسي مع الصور وتقرير علم الأمراض. يرجى إضافتها في صفحة حالتك."
                   "\n\n{coordinator}",
    },
    {
        "name_en": "Treatment options", "status_after": "replied",
        "body_en": "Dear {patient_name},\n\nour experts have reviewed your request {reference}. Based on the "
                   "reports, treatment at our centre is possible. We will explain the options and the next steps "
                   "in this conversation.\n\n{coordinator}",
        "body_ind": "Yth. {patient_name},\n\npara ahli kami telah meninjau permintaan Anda {reference}. Berdasarkan "
                    "laporan, pengobatan di pusat kami dapat dilakukan. Kami akan menjelaskan pilihan dan langkah "
                    "selanjutnya dalam percakapan ini.\n\n{coordinator}",
        "body_ar": "السيد/السيدة {patient_name}،\n\nراجع خبراؤنا طلبك {reference}. بناءً على التقارير، يمكن العلاج في "
                   "مركزنا. سنشرح الخيارات والخطوات التالية في هذه المحادثة.\n\n{coordinator}",
    },
]  # fmt: skip

# Demo conversations: (request token, [(author, text, file name or None, status after)]).
CONVERSATIONS = [
    ("6f1c2b0e-0d5a-4e84-9a51-0c1f7f0a0001", [
        ("coordinator", "Records requested", None, "records_requested"),
        ("patient", "Terima kasih. Ini laporan CT terbaru ibu saya dari bulan lalu.", "CT-terbaru.pdf", ""),
        ("coordinator", "Treatment options", "rencana-pengobatan.pdf", "replied"),
    ]),
    ("6f1c2b0e-0d5a-4e84-9a51-0c1f7f0a0003", [
        ("coordinator", "Treatment options", None, "replied"),
        ("patient", "شكرًا جزيلًا. متى يمكنني الحضور للاستشارة؟", None, ""),
    ]),
]  # fmt: skip


def _load_conversations():
    templates = {spec["name_en"]: ensure(ReplyTemplate, {"name_en": spec["name_en"]},
                                         **{k: v for k, v in spec.items() if k != "name_en"})
                 for spec in TEMPLATES}  # fmt: skip
    for token, steps in CONVERSATIONS:
        consultation = ConsultationRequest.objects.filter(form_token=uuid.UUID(token)).first()
        if consultation is None or CaseMessage.objects.filter(consultation_request=consultation).exists():
            continue
        for author, text, file_name, status in steps:
            files = [_report(file_name, "pdf", consultation.reference)] if file_name else []
            if author == "patient":
                casework.add_patient_message(consultation, text, files, notify=False)
                continue
            body = templates[text].render(consultation, None, consultation.preferred_language)
            allowed = status if consultation.can_move_to(status) else ""
            casework.send_reply(consultation, None, body, files, allowed, notify=False)


def load(stdout):
    created = 0
    for spec in REQUESTS:
        token = uuid.UUID(spec["token"])
        if ConsultationRequest.objects.filter(form_token=token).exists():
            continue
        details = dict(spec["details"])
        slug = details.pop("cancer_slug")
        details["cancer_type_id"] = Specialty.objects.filter(slug=slug).values_list("pk", flat=True).first()
        details.setdefault("cancer_type_other", "" if details["cancer_type_id"] else slug)
        reports = [_report(name, kind, details["patient_name"].encode("ascii", "ignore").decode() or "patient")
                   for name, kind in spec["files"]]  # fmt: skip
        # Demo addresses are made up: store without sending mail.
        submit_consultation(details, reports, consent_language=details["preferred_language"],
                            notice_version=settings.CONSULTATION_PRIVACY_NOTICE_VERSION, form_token=token,
                            notify=False)  # fmt: skip
        created += 1
    _load_conversations()
    stdout.write(f"consultations: {ConsultationRequest.objects.count()} requests ({created} new), "
                 f"{CaseMessage.objects.count()} messages")  # fmt: skip
