"""Demo content for the site-wide app: two hospitals, the taxonomy and a page tree.

Modelled on ../shared/reference/. `ensure()` writes only what differs, so a second run
changes nothing; other apps' demo modules use it too.
"""

from .i18n import localized
from .models import Department, Hospital, Page, Specialty


def ensure(model, lookup, **values):
    """Get the object matching `lookup`, creating it or updating only fields that differ."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


SPECIALTIES = [
    (
        "radiation-oncology",
        "Radiation oncology",
        "放射肿瘤学",
        {"id": "Onkologi radiasi", "ar": "علاج الأورام بالإشعاع"},
    ),
    ("heavy-ion-therapy", "Heavy-ion therapy", "重离子治疗", {"id": "Terapi ion berat", "th": "การรักษาด้วยไอออนหนัก"}),
    ("proton-therapy", "Proton therapy", "质子治疗", {"vi": "Liệu pháp proton"}),
    ("minimally-invasive-therapy", "Minimally invasive therapy", "微创治疗", {"ms": "Terapi invasif minimum"}),
    ("brachytherapy", "Brachytherapy", "近距离放射治疗", {}),
    ("interventional-oncology", "Interventional oncology", "介入肿瘤学", {}),
    ("medical-oncology", "Medical oncology", "肿瘤内科", {}),
]
CANCER_TYPES = [
    (
        "lung-cancer",
        "Lung cancer",
        "肺癌",
        {
            "id": "Kanker paru",
            "ms": "Kanser paru-paru",
            "th": "มะเร็งปอด",
            "vi": "Ung thư phổi",
            "bn": "ফুসফুসের ক্যান্সার",
            "ar": "سرطان الرئة",
        },
    ),
    ("liver-cancer", "Liver cancer", "肝癌", {"id": "Kanker hati", "vi": "Ung thư gan", "ar": "سرطان الكبد"}),
    ("pancreatic-cancer", "Pancreatic cancer", "胰腺癌", {"id": "Kanker pankreas"}),
    ("cervical-cancer", "Cervical cancer", "宫颈癌", {"id": "Kanker serviks", "th": "มะเร็งปากมดลูก"}),
    ("glioma", "Brain tumour (glioma)", "脑胶质瘤", {}),
    ("brain-metastasis", "Brain metastasis", "脑转移瘤", {}),
    ("breast-cancer", "Breast cancer", "乳腺癌", {"ms": "Kanser payudara", "bn": "স্তন ক্যান্সার"}),
    ("nasopharyngeal-cancer", "Nasopharyngeal cancer", "鼻咽癌", {"vi": "Ung thư vòm họng"}),
    ("colorectal-cancer", "Colorectal cancer", "结直肠癌", {}),
    ("prostate-cancer", "Prostate cancer", "前列腺癌", {}),
    ("bladder-cancer", "Bladder cancer", "膀胱癌", {}),
]

HOSPITALS = [
    {
        "key": "Modern Cancer Hospital Guangzhou",
        "values": {
            "name_zh_hans": "广州现代肿瘤医院",
            "short_name_en": "MCHG",
            "short_name_zh_hans": "广州现代",
            "city_en": "Guangzhou",
            "city_zh_hans": "广州",
            "country_en": "China",
            "country_zh_hans": "中国",
            "address_en": "No. 42, Baogang Avenue, Haizhu District",
            "address_zh_hans": "海珠区宝岗大道42号",
            "phones": "+86 20 8418 3333\n+86 139 2229 1866",
            "whatsapp": "+8613922291866",
            "email": "info@example-mchg.org",
            "description_en": "<p>A cancer hospital serving patients from South-East Asia and beyond, "
            "known for minimally invasive and precision radiotherapy.</p>",
            "description_zh_hans": "<p>面向东南亚及世界各地患者的肿瘤专科医院，以微创治疗和精准放疗见长。</p>",
            "time_zone": "Asia/Shanghai",
            "order": 1,
        },  # fmt: skip
        "departments": [
            ("International Medical Exchange Center", "国际医疗交流中心"),
            ("Department of Radiation Oncology", "放疗科"),
            ("Minimally Invasive Therapy Center", "微创治疗中心"),
        ],
    },
    {
        "key": "Gansu Wuwei Cancer Hospital",
        "values": {
            "name_zh_hans": "甘肃省武威肿瘤医院",
            "short_name_en": "Wuwei",
            "short_name_zh_hans": "武威肿瘤医院",
            "city_en": "Wuwei, Gansu",
            "city_zh_hans": "甘肃武威",
            "country_en": "China",
            "country_zh_hans": "中国",
            "address_en": "No. 31, Sanitary Lane, Liangzhou District",
            "address_zh_hans": "凉州区卫生巷31号",
            "phones": "+86 935 222 1234",
            "whatsapp": "+8613909351234",
            "email": "heavyion@example-wuwei.org",
            "description_en": "<p>Home of the Wuwei Heavy Ion Center, the first clinical heavy-ion "
            "facility built with domestic Chinese technology.</p>",
            "description_zh_hans": "<p>武威重离子中心所在地，国产重离子治疗技术的临床转化标杆。</p>",
            "time_zone": "Asia/Shanghai",
            "order": 2,
        },  # fmt: skip
        "departments": [
            ("Wuwei Heavy Ion Center", "武威重离子中心"),
            ("Department of Radiation Oncology", "放疗科"),
        ],
    },
]

# (en slug, parent en slug, order, in_menu, {language: (title, body)})
PAGES = [
    (
        "about",
        None,
        1,
        True,
        {
            "en": (
                "About us",
                "<p>We are a group of cancer hospitals in China that welcome international "
                "patients. Our International Medical Exchange Center arranges consultations, travel and "
                "interpreters in your language.</p>",
            ),
            "zh-hans": (
                "关于我们",
                "<p>我们是中国的肿瘤医院集团，欢迎国际患者。国际医疗交流中心为您安排会诊、行程和母语翻译。</p>",
            ),
            "id": (
                "Tentang kami",
                "<p>Kami adalah kelompok rumah sakit kanker di Tiongkok yang melayani pasien internasional.</p>",
            ),
            "ar": ("من نحن", "<p>نحن مجموعة من مستشفيات السرطان في الصين ترحب بالمرضى الدوليين.</p>"),
        },
    ),
    (
        "treatments",
        None,
        2,
        True,
        {
            "en": (
                "Treatments",
                "<p>Precision radiotherapy, particle therapy and minimally invasive "
                "treatment, planned by a multidisciplinary team (MDT) for each patient.</p>",
            ),
            "zh-hans": ("治疗技术", "<p>精准放疗、粒子治疗与微创治疗，由多学科团队（MDT）为每位患者制定方案。</p>"),
        },
    ),
    (
        "heavy-ion-therapy",
        "treatments",
        1,
        True,
        {
            "en": (
                "Heavy-ion therapy",
                "<p>Carbon ions deposit most of their energy in the tumour (the "
                "Bragg peak) and spare the tissue behind it. At the Wuwei Heavy Ion Center, 2,466 "
                "patients have been treated; for high-grade glioma the median survival reached 28 months.</p>",
            ),
            "zh-hans": (
                "重离子治疗",
                "<p>碳离子在肿瘤内释放大部分能量（布拉格峰），保护其后的正常组织。"
                "武威重离子中心已治疗2466名患者；高级别胶质瘤患者中位生存期达28个月。</p>",
            ),
            "th": ("การรักษาด้วยไอออนหนัก", "<p>ไอออนคาร์บอนปล่อยพลังงานส่วนใหญ่ที่ก้อนมะเร็ง</p>"),
        },
    ),
    (
        "proton-therapy",
        "treatments",
        2,
        True,
        {
            "en": (
                "Proton therapy",
                "<p>Protons stop at a depth set by their energy, which lowers the dose "
                "to organs near the tumour, an advantage for children and for tumours near the brain stem.</p>",
            ),
            "zh-hans": ("质子治疗", "<p>质子在由能量决定的深度停止，降低肿瘤附近器官的受照剂量。</p>"),
        },
    ),
    (
        "minimally-invasive-therapy",
        "treatments",
        3,
        True,
        {
            "en": (
                "Minimally invasive therapy",
                "<p>Cryoablation, particle seed implantation and "
                "interventional therapy treat tumours through a needle, with little trauma and fast recovery.</p>",
            ),
            "zh-hans": ("微创治疗", "<p>冷冻消融、粒子植入和介入治疗通过穿刺针治疗肿瘤，创伤小、恢复快。</p>"),
            "ms": (
                "Terapi invasif minimum",
                "<p>Krioablasi dan implantasi benih zarah merawat tumor melalui jarum.</p>",
            ),
        },
    ),
    # Deliberately English only: other languages show the fallback notice.
    (
        "brachytherapy",
        "treatments",
        4,
        True,
        {
            "en": (
                "Brachytherapy",
                "<p>A radioactive source placed inside or next to the tumour, as in "
                "californium-252 neutron brachytherapy for cervical cancer (97.3% local control).</p>",
            ),
        },
    ),
    (
        "contact",
        None,
        3,
        True,
        {
            "en": (
                "Contact",
                "<p>Write to us through the consultation form or call our International "
                "Medical Exchange Center. We answer in your language within two working days.</p>",
            ),
            "zh-hans": (
                "联系我们",
                "<p>请通过咨询表单联系我们，或致电国际医疗交流中心。我们将在两个工作日内用您的语言回复。</p>",
            ),
            "vi": (
                "Liên hệ",
                "<p>Hãy viết cho chúng tôi qua biểu mẫu tư vấn. Chúng tôi trả lời bằng ngôn ngữ của bạn.</p>",
            ),
        },
    ),
    (
        "privacy",
        None,
        4,
        False,
        {
            "en": (
                "Privacy notice",
                "<p>We use the information and medical reports you send only to answer "
                "your consultation request. Reports are encrypted, never public, and deleted when no "
                "longer needed.</p>",
            ),
            "zh-hans": (
                "隐私声明",
                "<p>您提交的信息和病历仅用于答复您的咨询请求。病历加密保存、绝不公开，不再需要时即删除。</p>",
            ),
        },
    ),
]


def _localized_values(texts):
    values = {}
    for language, (title, body) in texts.items():
        values[localized("title", language)] = title
        values[localized("body", language)] = body
    return values


def load(stdout):
    for kind, rows in ((Specialty.Kind.SPECIALTY, SPECIALTIES), (Specialty.Kind.CANCER_TYPE, CANCER_TYPES)):
        for order, (slug, en, zh, others) in enumerate(rows, start=1):
            extra = {localized("name", code): text for code, text in others.items()}
            ensure(Specialty, {"slug": slug}, kind=kind, name_en=en, name_zh_hans=zh, order=order, **extra)
    for spec in HOSPITALS:
        hospital = ensure(Hospital, {"name_en": spec["key"]}, **spec["values"])
        for order, (en, zh) in enumerate(spec["departments"], start=1):
            ensure(Department, {"hospital": hospital, "name_en": en}, name_zh_hans=zh, order=order)
    for slug, parent_slug, order, in_menu, texts in PAGES:
        parent = Page.objects.get(slug_en=parent_slug, parent=None) if parent_slug else None
        ensure(Page, {"slug_en": slug, "parent": parent}, order=order, in_menu=in_menu, published=True,
               **_localized_values(texts))  # fmt: skip
    stdout.write(f"hospital: {Hospital.objects.count()} hospitals, {Specialty.objects.count()} taxonomy terms, "
                 f"{Page.objects.count()} pages")  # fmt: skip
