"""Demo experts: Prof. Wang Ligen as on the reference profile, colleagues, and a prolific author.

Idempotent: `ensure()` writes only differences, photos are drawn once, and the generated
publication list goes through the import service, which links what already exists.
"""

import io
import os
import random
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from hospital.demo import ensure
from hospital.models import Department, Hospital, Specialty
from hospital.roles import PHYSICIAN

from .models import Authorship, Expert, Publication, SpokenLanguage, TrainingEntry
from .services import import_publications

PHYSICIAN_USERNAME = "wang.ligen"

LANGUAGES = [
    ("en", "English", "英语"), ("zh", "Chinese (Mandarin)", "普通话"), ("yue", "Cantonese", "粤语"),
    ("th", "Thai", "泰语"), ("ms", "Malay", "马来语"), ("id", "Indonesian", "印尼语"), ("vi", "Vietnamese", "越南语"),
    ("fil", "Filipino", "菲律宾语"), ("bn", "Bengali", "孟加拉语"), ("ar", "Arabic", "阿拉伯语"),
]  # fmt: skip

WANG_BIOGRAPHY_EN = """<h2>Reshaping the Global Cancer Battlefield:
Pioneering a New Era of Minimally Invasive Therapy</h2>
<p><em>A Conversation with Prof. Wang Ligen, International Minimally Invasive Oncology Specialist</em></p>
<blockquote>“Medicine is not merely technology, but reverence for life”</blockquote>
<p>Prof. Wang Ligen serves as a Visiting Specialist for Southeast Asia Lectures and Consultations at Modern Cancer
Hospital Guangzhou. He is among China's first certified physicians for operating large-scale radiotherapy equipment
(Linear Accelerator, LA) and a senior leader in radiation oncology. With over 40 years of clinical experience, he has
witnessed the full trajectory of China's radiotherapy development, from its nascent stage to standardization and
international dissemination.</p>
<p>He pursued advanced training at Harvard Medical School and Prince of Wales Hospital, Sydney, Australia. “It's not
just about technology, but a philosophy of comprehensive patient care.”</p>
<p>Prof. Wang has authored 40+ publications in Chinese and English, including 5 SCI-indexed papers focusing on
radiobiology, high Linear Energy Transfer (LET) radiotherapy, and brain metastasis management.</p>
<h3>Breaking Barriers · Innovating · Integrating</h3>
<p>His pivotal research on Californium-252 neutron brachytherapy combined with external pelvic radiotherapy plus
concurrent chemotherapy for cervical cancer reached a 97.3% local control rate.</p>"""
WANG_BIOGRAPHY_ZH = """<h2>重塑全球抗癌格局：开创微创治疗新时代</h2>
<p><em>对话国际微创肿瘤专家王立根教授</em></p>
<blockquote>“医学不仅是技术，更是对生命的敬畏。”</blockquote>
<p>王立根教授现任广州现代肿瘤医院东南亚讲学与会诊特聘专家，是我国首批大型放疗设备（直线加速器）上岗医师之一，
从事临床工作四十余年，见证了中国放疗从起步到规范化、再到走向国际的全过程。</p>
<p>他曾在哈佛医学院和澳大利亚悉尼威尔士亲王医院进修。发表中英文论文四十余篇，其中SCI收录5篇。</p>"""

# The three papers exactly as printed on the reference profile.
WANG_PAPERS = [
    {
        "title": "Californium-252 (²⁵²Cf) Neutron Brachytherapy Combined with External Pelvic Radiotherapy Plus "
        "Concurrent Chemotherapy for Cervical Cancer: A Retrospective Clinical Study",
        "authors": [
            "SHEN Qian",
            "YE Ling",
            "TIAN Yunhong",
            "WANG Ligen",
            "HUANG Zuoping",
            "LI Feng",
            "HOU Bing",
            "SONG Ni",
            "CHEN Juan",
            "LIU Ying",
            "LIU Xiao",
            "ZHOU Tao",
        ],
        "journal": "Chinese Journal of Cancer",
        "year": 2017,
        "month": None,
        "volume": "35",
        "issue": "04",
        "pages": "35-43",
        "doi": None,
        "sci_indexed": False,
        "language": "zh",
        "abstract": "Cervical cancer ranks as the sixth most prevalent cancer among Chinese women. This retrospective "
        "study analyzed long-term efficacy and safety in 150 patients with Stage IB-IVB cervical cancer treated with "
        "²⁵²Cf neutron brachytherapy, external pelvic radiotherapy, and cisplatin-based chemotherapy, evaluatin "
        "survival outcomes and adverse events.",
    },
    {
        "title": "Brain Metastasis: Clinical Experience of Xijing Hospital",
        "authors": [
            "WANG Ligen",
            "GUO Yan",
            "ZHANG Xiang",
            "SONG Shaojun",
            "XIA Jielai",
            "FAN Fengyun",
            "SHI Mei",
            "WEI Lichun",
        ],
        "journal": "Stereotactic and Functional Neurosurgery (Switzerland)",
        "year": 2002,
        "month": None,
        "volume": "78",
        "issue": "2",
        "pages": "70-83",
        "doi": None,
        "sci_indexed": True,
        "language": "en",
        "abstract": "Brain metastasis is a common and prognostically adverse complication of advanced solid tumors. "
        "This retrospective analysis assessed Xijing Hospital’s multidisciplinary (MDT) experience, evaluating the "
        "impact of stereotactic radiosurgery (X-Knife System) and whole-brain radiotherapy (WBRT) on lesion control "
        "and survival (OS/PFS). By collating imaging data, treatment protocols, and prognostic outcomes, it explores "
        "the clinical value of integrated therapeutic approaches.",
    },
    {
        "title": "Small Cell Carcinoma of the Uterine Cervix: A Multi-Institutional Clinical Experience",
        "authors": ["LI Junyun", "OUYANG Yi", "TAO Yalan", "WANG Ligen", "LI Mingyi", "GAO Lei", "CAO Xinping"],
        "journal": "International Journal of Gynecological Cancer",
        "year": 2020,
        "month": 2,
        "volume": "30",
        "issue": "2",
        "pages": "174-180",
        "doi": "10.1136/ijgc-2019-000612",
        "sci_indexed": True,
        "language": "en",
        "abstract": "Cervical small cell carcinoma is a rare, highly aggressive malignancy with poor prognosis. This "
        "multi-center retrospective study analyzed 93 patients from three institutions (2001–2015), assessing the "
        "impact of clinicopathological factors on disease-free survival (DFS) and overall survival (OS) using "
        "Kaplan-Meier methodology and Cox regression analysis.",
    },
]

# (en slug, en name, native name, zh name, hospital, department, titles en/zh, summary en/zh, since,
#  specialties, languages, featured, photo colour)
EXPERTS = [
    ("wang-ligen", "Wang Ligen", "王立根", "王立根", "Modern Cancer Hospital Guangzhou",
     "International Medical Exchange Center", ("Chief Physician", "主任医师"),
     ("Director of the International Medical Exchange Center", "国际医疗交流中心主任"),
     ("Proficient in precise radiotherapy and comprehensive treatment for various types of tumors.",
      "擅长各类肿瘤的精准放疗与综合治疗。"),
     1985, ["radiation-oncology", "minimally-invasive-therapy", "brachytherapy", "cervical-cancer", "brain-metastasis"],
     ["zh", "en"], True, (46, 94, 140)),
    ("zhang-hong", "Zhang Hong", "张红", "张红", "Gansu Wuwei Cancer Hospital", "Wuwei Heavy Ion Center",
     ("Chief Physician", "主任医师"), ("Director of the Wuwei Heavy Ion Center", "武威重离子中心主任"),
     ("Heavy-ion therapy for glioma, pancreatic and lung cancer.", "擅长重离子治疗脑胶质瘤、胰腺癌和肺癌。"),
     1996, ["heavy-ion-therapy", "radiation-oncology", "glioma", "pancreatic-cancer", "lung-cancer"],
     ["zh", "en"], True, (120, 70, 110)),
    # Named in the heavy-ion conference report (news demo links the report to him).
    ("ye-yancheng", "Ye Yancheng", "叶延程", "叶延程", "Gansu Wuwei Cancer Hospital", "Wuwei Heavy Ion Center",
     ("Chief Physician, Professor", "主任医师、教授"),
     ("President of Gansu Wuwei Cancer Hospital", "甘肃省武威肿瘤医院院长"),
     ("Clinical translation of domestic heavy-ion therapy: hypofractionation, bladder and breast cancer.",
      "国产重离子技术临床转化：大分割放疗、膀胱癌与乳腺癌重离子诊疗。"),
     1990, ["heavy-ion-therapy", "radiation-oncology", "pancreatic-cancer", "bladder-cancer", "breast-cancer"],
     ["zh", "en"], True, (160, 60, 50)),
    ("chen-wei", "Chen Wei", "陈伟", "陈伟", "Modern Cancer Hospital Guangzhou", "Minimally Invasive Therapy Center",
     ("Associate Chief Physician", "副主任医师"), ("Deputy Director of the Minimally Invasive Therapy Center",
      "微创治疗中心副主任"),
     ("Cryoablation and particle seed implantation for liver and lung tumours.",
      "擅长冷冻消融和粒子植入治疗肝肺肿瘤。"),
     2003, ["minimally-invasive-therapy", "interventional-oncology", "liver-cancer", "lung-cancer"],
     ["zh", "yue", "en", "ms"], True, (40, 120, 90)),
    ("li-mei", "Li Mei", "李梅", "李梅", "Modern Cancer Hospital Guangzhou", "Department of Radiation Oncology",
     ("Attending Physician", "主治医师"), ("", ""),
     ("Radiotherapy for breast and nasopharyngeal cancer; consultations in Thai and Vietnamese.",
      "擅长乳腺癌与鼻咽癌放疗，可用泰语和越南语接诊。"),
     2010, ["radiation-oncology", "breast-cancer", "nasopharyngeal-cancer"], ["zh", "th", "vi", "en"], False, None),
    ("huang-jun", "Huang Jun", "黄俊", "黄俊", "Gansu Wuwei Cancer Hospital", "Department of Radiation Oncology",
     ("Chief Physician", "主任医师"), ("Head of Radiobiology Research", "放射生物学研究室主任"),
     ("Radiobiology of carbon ions and proton therapy planning; author of some 300 papers.",
      "从事碳离子放射生物学与质子治疗计划研究，发表论文约300篇。"),
     1988, ["heavy-ion-therapy", "proton-therapy", "prostate-cancer", "bladder-cancer"], ["zh", "en"], False,
     (150, 100, 40)),
    # Presenters of the 2025 conference report (news demo links the report to their profiles).
    ("zhang-mengling", "Zhang Mengling", "张梦玲", "张梦玲", "Gansu Wuwei Cancer Hospital", "Wuwei Heavy Ion Center",
     ("Attending Physician", "主治医师"), ("", ""),
     ("Carbon-ion radiotherapy for children and brain tumours: hippocampal-sparing craniospinal irradiation.",
      "儿童及脑肿瘤碳离子放疗：海马保护全脑全脊髓照射。"),
     2014, ["heavy-ion-therapy", "radiation-oncology", "glioma", "brain-metastasis"], ["zh", "en"], False,
     (90, 80, 150)),
    ("ma-tong", "Ma Tong", "马彤", "马彤", "Gansu Wuwei Cancer Hospital", "Department of Radiation Oncology",
     ("Attending Physician", "主治医师"), ("", ""),
     ("Radical heavy-ion therapy for stage III triple-negative breast cancer.",
      "III期三阴性乳腺癌根治性重离子治疗。"),
     2015, ["heavy-ion-therapy", "breast-cancer", "radiation-oncology"], ["zh", "en", "ar"], False, (60, 130, 130)),
    ("lin-hui", "Lin Hui", "林慧", "林慧", "Modern Cancer Hospital Guangzhou", "International Medical Exchange Center",
     ("Chief Physician", "主任医师"), ("Head of Medical Oncology", "肿瘤内科主任"),
     ("Chemotherapy, targeted therapy and immunotherapy alongside radiotherapy; consultations in Indonesian and "
      "Malay.", "擅长放疗同期的化疗、靶向及免疫治疗，可用印尼语和马来语接诊。"),
     1998, ["medical-oncology", "colorectal-cancer", "lung-cancer", "nasopharyngeal-cancer"], ["zh", "id", "ms", "en"],
     True, (150, 80, 60)),
]  # fmt: skip

# Part of the profiles in the visitors' languages, so other languages show the fallback notice.
EXPERT_TRANSLATIONS = {
    "wang-ligen": {
        "titles_th": "แพทย์หัวหน้า", "titles_vi": "Bác sĩ trưởng", "titles_ind": "Dokter Kepala",
        "titles_ms": "Pakar Perunding Kanan", "titles_ar": "كبير الأطباء", "titles_bn": "প্রধান চিকিৎসক",
        "summary_th": "เชี่ยวชาญการฉายรังสีแม่นยำและการรักษาแบบผสมผสานสำหรับมะเร็งหลายชนิด",
        "summary_vi": "Chuyên xạ trị chính xác và điều trị phối hợp cho nhiều loại ung thư.",
        "summary_ind": "Ahli radioterapi presisi dan pengobatan menyeluruh untuk berbagai jenis tumor.",
        "summary_ms": "Pakar radioterapi tepat dan rawatan menyeluruh untuk pelbagai jenis tumor.",
        "summary_ar": "متخصص في العلاج الإشعاعي الدقيق والعلاج الشامل لأنواع مختلفة من الأورام.",
        "summary_bn": "বিভিন্ন ধরনের টিউমারের নির্ভুল রেডিওথেরাপি ও সমন্বিত চিকিৎসায় দক্ষ।",
    },
    "chen-wei": {"summary_ms": "Krioablasi dan implantasi benih zarah untuk tumor hati dan paru-paru.",
                 "summary_ind": "Krioablasi dan implantasi biji partikel untuk tumor hati dan paru."},
    "li-mei": {"summary_th": "รังสีรักษามะเร็งเต้านมและมะเร็งโพรงหลังจมูก ให้คำปรึกษาเป็นภาษาไทยและเวียดนาม",
               "summary_vi": "Xạ trị ung thư vú và ung thư vòm họng; tư vấn bằng tiếng Thái và tiếng Việt."},
    "zhang-hong": {"summary_ar": "العلاج بالأيونات الثقيلة للأورام الدبقية وسرطان البنكرياس والرئة."},
    "lin-hui": {"summary_ind": "Kemoterapi, terapi target, dan imunoterapi bersama radioterapi; konsultasi dalam "
                               "bahasa Indonesia dan Melayu.",
                "summary_ms": "Kemoterapi, terapi sasaran dan imunoterapi bersama radioterapi; konsultasi dalam "
                              "bahasa Indonesia dan Melayu."},
}  # fmt: skip

JOURNALS = [
    ("International Journal of Radiation Oncology, Biology, Physics", True), ("Radiotherapy and Oncology", True),
    ("Frontiers in Oncology", True), ("Journal of Radiation Research", True), ("Cancer Medicine", True),
    ("Chinese Journal of Radiation Oncology", False), ("Physics in Medicine and Biology", True),
    ("Chinese Journal of Cancer", False), ("BMC Cancer", True), ("Radiation Oncology", True),
]  # fmt: skip
TOPICS = ["carbon-ion radiotherapy", "proton therapy", "hypofractionated radiotherapy",
          "stereotactic body radiotherapy",
          "relative biological effectiveness", "linear energy transfer", "dose-volume constraints",
          "image-guided radiotherapy", "radiation-induced lymphopenia", "re-irradiation"]  # fmt: skip
DISEASES = ["locally advanced pancreatic cancer", "prostate cancer", "non-small cell lung cancer", "high-grade glioma",
            "hepatocellular carcinoma", "bladder cancer", "recurrent nasopharyngeal carcinoma", "skull-base chordoma",
            "cervical cancer", "osteosarcoma"]  # fmt: skip
PATTERNS = [
    ("{topic} for {disease}: a retrospective study of {n} patients", "article"),
    ("Outcomes of {topic} in {disease}: a prospective phase II trial", "article"),
    ("{topic} in the treatment of {disease}: a systematic review", "review"),
    ("Long-term toxicity after {topic} for {disease}", "article"),
    ("Unusual response to {topic} in {disease}: a case report", "case_report"),
    ("Modelling {topic} for {disease} with Monte Carlo simulation", "conference_paper"),
]
SURNAMES = ["Zhang", "Li", "Wang", "Liu", "Chen", "Yang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo"]
GIVEN = ["Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Hui", "Qiang", "Xiaoming", "Lihua", "Yunfeng", "Hao"]


def generated_bibtex(author_name, count=300, seed=2466):
    """A deterministic, realistic BibTeX list of `count` papers with `author_name` among the authors."""
    rng = random.Random(seed)
    entries = []
    for number in range(1, count + 1):
        pattern, kind = PATTERNS[number % len(PATTERNS)]
        title = pattern.format(topic=rng.choice(TOPICS), disease=rng.choice(DISEASES), n=rng.randint(24, 480))
        title = f"{title[0].upper()}{title[1:]} ({number})"
        journal, sci = rng.choice(JOURNALS)
        authors = [f"{rng.choice(SURNAMES).upper()} {rng.choice(GIVEN)}" for _ in range(rng.randint(2, 9))]
        authors.insert(rng.randint(0, len(authors)), author_name)
        year = 1992 + (number * 7) % 33
        start = rng.randint(1, 900)
        subtype = {"review": "Review", "case_report": "Case report"}.get(kind)
        entry_type = "inproceedings" if kind == "conference_paper" else "article"
        container = "booktitle" if kind == "conference_paper" else "journal"
        fields = [("author", " and ".join(authors)), ("title", title), (container, journal), ("year", year),
                  ("month", rng.randint(1, 12)), ("volume", rng.randint(5, 120)), ("number", rng.randint(1, 12)),
                  ("pages", f"{start}--{start + rng.randint(4, 14)}"), ("doi", f"10.5555/demo.huang.{number:04d}"),
                  ("langid", "en"), ("sciindexed", "yes" if sci else "no"), ("type", subtype)]  # fmt: skip
        body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields if value)
        entries.append(f"@{entry_type}{{huang{number},\n{body}\n}}")
    return "\n\n".join(entries)


def portrait(initials, colour, size=900):
    """A plain drawn portrait (head and shoulders) so demo experts have real renditions."""
    image = Image.new("RGB", (size, round(size * 1.2)), colour)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 90) for c in colour)
    width, height = image.size
    draw.ellipse((width * 0.3, height * 0.18, width * 0.7, height * 0.55), fill=(236, 204, 170))
    draw.pieslice((width * 0.1, height * 0.6, width * 0.9, height * 1.4), 180, 360, fill=light)
    draw.rectangle((0, height * 0.92, width, height), fill=(255, 255, 255))
    draw.text((width * 0.05, height * 0.93), initials, fill=colour, font_size=size // 14)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def load(stdout):
    for order, (code, en, zh) in enumerate(LANGUAGES, start=1):
        ensure(SpokenLanguage, {"code": code}, name_en=en, name_zh_hans=zh, order=order)
    experts = {}
    for order, row in enumerate(EXPERTS, start=1):
        (slug, name, native, zh_name, hospital_name, department_name, titles, positions, summary, since,
         specialties, languages, featured, colour) = row  # fmt: skip
        hospital = Hospital.objects.get(name_en=hospital_name)
        department = Department.objects.get(hospital=hospital, name_en=department_name)
        expert = ensure(
            Expert, {"slug_en": slug}, name_en=name, name_zh_hans=zh_name, name_native=native, slug_zh_hans=zh_name,
            titles_en=titles[0], titles_zh_hans=titles[1], positions_en=positions[0], positions_zh_hans=positions[1],
            summary_en=summary[0], summary_zh_hans=summary[1], hospital=hospital, department=department,
            practice_since=since, published=True, featured=featured, order=order, **EXPERT_TRANSLATIONS.get(slug, {}),
        )  # fmt: skip
        expert.specialties.set(Specialty.objects.filter(slug__in=specialties))
        expert.languages.set(SpokenLanguage.objects.filter(code__in=languages))
        if colour and not expert.photo:
            expert.photo.save(f"{slug}.jpg", ContentFile(portrait(name, colour)), save=True)
        experts[slug] = expert

    wang = experts["wang-ligen"]
    ensure(Expert, {"pk": wang.pk}, biography_en=WANG_BIOGRAPHY_EN, biography_zh_hans=WANG_BIOGRAPHY_ZH)
    wang.refresh_from_db()
    for order, (kind, institution, zh, start, end) in enumerate([
        ("education", "Fourth Military Medical University (Xijing Hospital)", "第四军医大学（西京医院）", 1980, 1985),
        ("training", "Harvard Medical School, Boston, USA", "美国哈佛医学院", None, None),
        ("training", "Prince of Wales Hospital, Sydney, Australia", "澳大利亚悉尼威尔士亲王医院", None, None),
    ], start=1):  # fmt: skip
        ensure(TrainingEntry, {"expert": wang, "institution_en": institution}, kind=kind, institution_zh_hans=zh,
               start_year=start, end_year=end, order=order)  # fmt: skip
    for paper in WANG_PAPERS:
        authors = paper["authors"]
        values = {k: v for k, v in paper.items() if k not in ("title", "authors")}
        publication = ensure(Publication, {"title": paper["title"]}, **values)
        for position, name in enumerate(authors, start=1):
            ensure(Authorship, {"publication": publication, "position": position}, name=name,
                   expert=wang if name == "WANG Ligen" else None)  # fmt: skip
        publication.experts.add(wang)

    huang = experts["huang-jun"]
    plan = import_publications(huang, generated_bibtex("HUANG Jun"))
    account = _physician_account(wang)
    stdout.write(f"experts: {Expert.objects.count()} experts, {Publication.objects.count()} publications "
                 f"({plan.created} new for {huang.name_en})\n{account}")  # fmt: skip


def _physician_account(expert):
    """Wang Ligen's own account, to try the physicians' self-service at /admin/.

    Its password is made and printed once, like the admin's (`ensure_admin`);
    DJANGO_PHYSICIAN_PASSWORD chooses it (and resets it on a later run). Returns the line to print.
    """
    user, created = get_user_model().objects.get_or_create(
        username=PHYSICIAN_USERNAME, defaults={"is_staff": True, "first_name": "Ligen", "last_name": "Wang"}
    )
    chosen = os.environ.get("DJANGO_PHYSICIAN_PASSWORD")
    if chosen:
        message = f"Physician demo account '{user.username}': password set from DJANGO_PHYSICIAN_PASSWORD."
        user.set_password(chosen)
        user.save(update_fields=["password"])
    elif created or not user.has_usable_password():
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save(update_fields=["password"])
        message = f"Physician demo account created: username '{user.username}', password {password}"
    else:
        message = (f"Physician demo account '{user.username}' exists; its password is unchanged "
                   "(set DJANGO_PHYSICIAN_PASSWORD to reset it).")  # fmt: skip
    group = Group.objects.filter(name=PHYSICIAN).first()
    if group:
        user.groups.add(group)
    # Through save() (hospital.demo.ensure), so that a revision records the link.
    ensure(Expert, {"pk": expert.pk}, user=user)
    return message
