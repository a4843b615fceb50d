# ruff: noqa: E501  (demo texts are data; CJK lines are wide)
"""Demo news and events modelled on ../shared/reference/ (the heavy-ion report, a conference
report naming presenters, the minimally invasive technology sharing session)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from hospital.demo import ensure
from hospital.models import Hospital

from .models import Category, Event, KeyFigure, NewsItem, Status, Tag

SHANGHAI = ZoneInfo("Asia/Shanghai")

CATEGORIES = [
    ("hospital-news", "Hospital news", "医院新闻"),
    ("conference", "Conference reports", "会议报道"),
    ("clinical-results", "Clinical results", "临床成果"),
    ("announcements", "Announcements", "通知公告"),
]
TAGS = [("heavy-ion-therapy", "Heavy-ion therapy", "重离子治疗"), ("glioma", "Glioma", "胶质瘤"),
        ("pancreatic-cancer", "Pancreatic cancer", "胰腺癌"), ("lung-cancer", "Lung cancer", "肺癌")]  # fmt: skip

HEAVY_ION = {
    "slug_en": "clinical-efficacy-of-heavy-ion-therapy-in-china",
    "values": {
        "title_en": "The clinical efficacy of heavy-ion therapy in China garners widespread attention in oncology",
        "title_zh_hans": "中国重离子治疗临床疗效引发肿瘤学界广泛关注",
        "slug_zh_hans": "中国重离子治疗临床疗效",
        "summary_en": "After ten years of construction and five years of clinical practice, the Wuwei Heavy Ion "
        "Center reports a median survival of 28 months for high-grade glioma and 2,466 patients treated.",
        "summary_zh_hans": "武威重离子中心历经十年建设、五年临床实践：高级别胶质瘤中位生存期达28个月，已治疗2466名患者。",
        "editors_note_en": "<p>After ten years of construction and five years of clinical practice, the Wuwei Heavy "
        "Ion Center at Gansu Wuwei Cancer Hospital has delivered an inspiring \u201cChinese Answer\u201d in the "
        "treatment of malignant tumours: for refractory high-grade gliomas, median survival was extended by 13.4 "
        "months to reach 28 months.</p>",
        "editors_note_zh_hans": "<p>历经十年建设、五年临床实践，甘肃省武威肿瘤医院武威重离子中心在恶性肿瘤治疗领域交出了"
        "令人振奋的\u201c中国答卷\u201d：难治性高级别胶质瘤患者中位生存期延长13.4个月，达到28个月。</p>",
        "body_en": "<p>On December 5th and 6th, the 2025 Academic Annual Conference of the Chinese Nuclear Society's "
        "Branch of Brachytherapy and Intelligent Radiotherapy was held in Lianyungang.</p>"
        "<p>At the main venue, Dean Ye Yancheng delivered a keynote report titled <em>Evaluation of Clinical "
        "Application Effects of Heavy Ion Innovative Technology</em>: heavy-ion therapy has been completed for "
        "2,466 cancer patients to date.</p><p>For stage III locally advanced lung cancer the 2-year overall "
        "survival rate increased by 19.3% compared with the RTOG0617 photon chemoradiotherapy study; for "
        "pancreatic cancer, median survival reached 22 months.</p>",
        "body_zh_hans": "<p>12月5日至6日，中国核学会近距离治疗与智慧放疗分会2025年学术年会在连云港举行。</p>"
        "<p>叶延程院长在主会场作《重离子创新技术临床应用效果评价》主旨报告：重离子治疗已累计完成2466例肿瘤患者。</p>"
        "<p>III期局部晚期肺癌2年总生存率较RTOG0617光子放化疗研究提高19.3%；胰腺癌患者中位生存期达22个月。</p>",
        "status": Status.PUBLISHED,
    },
    "figures": [
        ("Median overall survival, high-grade glioma", "中位总生存期（高级别胶质瘤）", "28 months", "28个月"),
        ("Patients treated with heavy ions", "重离子治疗患者", "2,466", "2466例"),
        ("2-year overall survival gain, stage III lung cancer", "III期肺癌2年总生存率提升", "+19.3%", "+19.3%"),
        ("Median survival, pancreatic cancer", "中位生存期（胰腺癌）", "22 months", "22个月"),
    ],
    "experts": ["Ye Yancheng", "Li Xiaojun"],
}

CONFERENCE = {
    "slug_en": "wuwei-team-at-the-2025-brachytherapy-and-intelligent-radiotherapy-conference",
    "values": {
        "title_en": "Wuwei team presents at the 2025 Brachytherapy and Intelligent Radiotherapy Conference",
        "title_zh_hans": "武威团队亮相2025年近距离治疗与智慧放疗学术年会",
        "slug_zh_hans": "武威团队亮相2025年学术年会",
        "summary_en": "Presenters Ye Yancheng, Li Xiaojun, Zhang Mengling, Ma Tong, Wang Xin, Yu Rong, Meng Wanbin "
        "and Chai Hongyu shared clinical cases of carbon-ion radiotherapy.",
        "summary_zh_hans": "叶延程、李小军、张梦玲、马彤、王鑫、俞蓉、孟万斌、柴红玉分享碳离子放疗临床病例。",
        "body_en": "<p>At the proton, heavy ion and boron neutron capture therapy sub-venue, Dean Ye Yancheng presented "
        "<em>Clinical Efficacy Observation of Carbon Ion Therapy for Pancreatic Cancer</em>. Deputy Director Li "
        "Xiaojun of the Lanzhou Heavy Ion Center presented <em>Clinical Research and Practice of Lanzhou Heavy Ion "
        "Therapy</em>.</p><p>Zhang Mengling, Ma Tong, Wang Xin, Yu Rong, Meng Wanbin and Chai Hongyu presented on "
        "hippocampal-sparing craniospinal irradiation, triple-negative breast cancer, pancreatoblastoma, spatially "
        "fractionated carbon ion radiotherapy and adaptive carbon ion radiotherapy for lung cancer.</p>",
        "body_zh_hans": "<p>在质子、重离子与硼中子俘获治疗分会场，叶延程院长作《碳离子治疗胰腺癌临床疗效观察》专题报告；"
        "兰州重离子中心李小军副主任作《兰州重离子治疗临床研究与实践》报告。</p>",
        "status": Status.PUBLISHED,
    },
    "figures": [("Five-year survival of pancreatic cancer worldwide", "全球胰腺癌五年生存率", "7.2%", "7.2%")],
    "experts": ["Ye Yancheng", "Li Xiaojun"],
}

SCHEDULED = {
    "slug_en": "heavy-ion-center-opens-second-treatment-room",
    "values": {
        "title_en": "Heavy Ion Center opens a second treatment room",
        "title_zh_hans": "重离子中心第二治疗室即将启用",
        "summary_en": "Scheduled announcement: it must not be visible before its publication time.",
        "body_en": "<p>The second treatment room doubles the centre's capacity.</p>",
        "status": Status.PUBLISHED,
    },
    "figures": [],
    "experts": [],
}


def _aware(year, month, day, hour=9):
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def _upcoming_september(now):
    """The next 13-15 September still ahead, so the sharing session is always upcoming."""
    year = now.astimezone(SHANGHAI).year
    if _aware(year, 9, 15, 17) < now:
        year += 1
    return year


def _news_item(spec, category, tags, publish_at):
    from experts.models import Expert

    item = ensure(NewsItem, {"slug_en": spec["slug_en"]}, category=category, publish_at=publish_at, **spec["values"])
    for order, (label_en, label_zh, value_en, value_zh) in enumerate(spec["figures"], start=1):
        ensure(KeyFigure, {"news_item": item, "order": order}, label_en=label_en, label_zh_hans=label_zh,
               value_en=value_en, value_zh_hans=value_zh)  # fmt: skip
    if set(item.tags.all()) != set(tags):
        item.tags.set(tags)
    experts = list(Expert.objects.filter(name_en__in=spec["experts"]))
    if set(item.related_experts.all()) != set(experts):
        item.related_experts.set(experts)
    return item


def load(stdout):
    categories = {slug: ensure(Category, {"slug": slug}, name_en=en, name_zh_hans=zh, order=order)
                  for order, (slug, en, zh) in enumerate(CATEGORIES, start=1)}  # fmt: skip
    tags = {slug: ensure(Tag, {"slug": slug}, name_en=en, name_zh_hans=zh) for slug, en, zh in TAGS}
    wuwei = Hospital.objects.filter(name_en="Gansu Wuwei Cancer Hospital").first()
    guangzhou = Hospital.objects.filter(name_en="Modern Cancer Hospital Guangzhou").first() or wuwei
    heavy_ion = [tags["heavy-ion-therapy"], tags["glioma"], tags["pancreatic-cancer"], tags["lung-cancer"]]
    for spec, category, item_tags, publish_at in (
        (HEAVY_ION, categories["clinical-results"], heavy_ion, _aware(2025, 12, 10)),
        (CONFERENCE, categories["conference"], heavy_ion[:3:2], _aware(2025, 12, 8)),
    ):
        item = _news_item(spec, category, item_tags, publish_at)
        if wuwei and item.hospital_id != wuwei.pk:
            item.hospital = wuwei
            item.save()
    # Published but scheduled far ahead: stays hidden everywhere until then.
    _news_item(SCHEDULED, categories["announcements"], [], _aware(timezone.now().year + 5, 1, 1))

    if guangzhou:
        year = _upcoming_september(timezone.now())
        title = "Cancer Prevention And Treatment Minimally Invasive Technology Sharing Session"
        ensure(Event, {"slug_en": "minimally-invasive-technology-sharing-session"},
               title_en=f"September 13-15: {title}", title_zh_hans="9月13-15日 肿瘤防治微创技术分享会",
               slug_zh_hans="肿瘤防治微创技术分享会",
               summary_en="Online free consultation appointment with our minimally invasive therapy experts.",
               summary_zh_hans="与微创治疗专家在线免费预约会诊。",
               description_en="<p>Invite you to join us! Three days of talks on cryoablation, particle seed "
                              "implantation and interventional therapy, with free online consultations.</p>",
               description_zh_hans="<p>诚邀您参加！三天分享冷冻消融、粒子植入与介入治疗，并提供免费在线会诊。</p>",
               start=_aware(year, 9, 13), end=_aware(year, 9, 15, 17), hospital=guangzhou,
               venue_en="International Medical Exchange Center", venue_zh_hans="国际医疗交流中心", online=True,
               status=Status.PUBLISHED, publish_at=_aware(2025, 8, 1))  # fmt: skip
    if wuwei:
        ensure(Event, {"slug_en": "2025-brachytherapy-and-intelligent-radiotherapy-conference"},
               title_en="2025 Annual Conference on Brachytherapy and Intelligent Radiotherapy",
               title_zh_hans="2025年近距离治疗与智慧放疗学术年会",
               summary_en="Lianyungang, December 5-6, 2025: the Wuwei team presents its heavy-ion results.",
               summary_zh_hans="2025年12月5-6日，连云港：武威团队报告重离子治疗成果。",
               start=_aware(2025, 12, 5), end=_aware(2025, 12, 6, 18), hospital=wuwei,
               venue_en="Lianyungang", venue_zh_hans="连云港", status=Status.PUBLISHED,
               publish_at=_aware(2025, 11, 1))  # fmt: skip
    stdout.write(f"news: {NewsItem.objects.count()} news items ({NewsItem.objects.published().count()} public), "
                 f"{Event.objects.count()} events")  # fmt: skip
