# ruff: noqa: E501  (demo texts are data; CJK lines are wide)
"""Demo news and events modelled on ../shared/reference/ (the heavy-ion report, a conference
report naming presenters, the minimally invasive technology sharing session)."""

import io
import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone, translation
from PIL import Image, ImageDraw, ImageFilter

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
        "hero_image_alt_en": "Illustration: a heavy-ion treatment room with its beam line",
        "hero_image_alt_zh_hans": "插图：重离子治疗室及束流线",
        "status": Status.PUBLISHED,
    },
    "photo": ("gantry", (150, 100, 40)),
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
        # {Name} placeholders become links to the presenters' profiles (see _link_presenters).
        "body_en": "<p>At the proton, heavy ion and boron neutron capture therapy sub-venue, Dean {Ye Yancheng} "
        "presented <em>Clinical Efficacy Observation of Carbon Ion Therapy for Pancreatic Cancer</em>. Deputy Director "
        "Li Xiaojun of the Lanzhou Heavy Ion Center presented <em>Clinical Research and Practice of Lanzhou Heavy Ion "
        "Therapy</em>.</p><p>{Zhang Mengling}, {Ma Tong}, Wang Xin, Yu Rong, Meng Wanbin and Chai Hongyu presented on "
        "hippocampal-sparing craniospinal irradiation, triple-negative breast cancer, pancreatoblastoma, spatially "
        "fractionated carbon ion radiotherapy and adaptive carbon ion radiotherapy for lung cancer.</p>",
        "body_zh_hans": "<p>在质子、重离子与硼中子俘获治疗分会场，{Ye Yancheng}院长作《碳离子治疗胰腺癌临床疗效观察》专题报告；"
        "兰州重离子中心李小军副主任作《兰州重离子治疗临床研究与实践》报告。</p>"
        "<p>{Zhang Mengling}、{Ma Tong}、王鑫、俞蓉、孟万斌、柴红玉分别就海马保护全脑全脊髓照射、三阴性乳腺癌、胰母细胞瘤、"
        "空间分割碳离子放疗及肺癌自适应碳离子放疗作报告。</p>",
        "hero_image_alt_en": "Illustration: a conference stage with a screen",
        "hero_image_alt_zh_hans": "插图：会议讲台与屏幕",
        "status": Status.PUBLISHED,
    },
    "photo": ("lecture", (120, 70, 110)),
    "figures": [("Five-year survival of pancreatic cancer worldwide", "全球胰腺癌五年生存率", "7.2%", "7.2%")],
    "experts": ["Ye Yancheng", "Zhang Mengling", "Ma Tong"],
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


# More reports, modelled on the seeds, so the list pages paginate and every category has items.
# Dates are days before today (09:00 in China), so the demo always looks current; "photo" picks
# the drawn illustration (see illustration()); "experts" are linked where they are on the site.
MORE_NEWS = [
    {
        "slug_en": "interpreters-at-the-international-medical-exchange-center",
        "category": "announcements",
        "hospital": "Modern Cancer Hospital Guangzhou",
        "days_ago": 3,
        "photo": ("desk", (32, 98, 150)),
        "tags": [],
        "experts": ["Wang Ligen"],
        "figures": [],
        "values": {
            "title_en": "Interpreters in Thai, Vietnamese, Malay and Indonesian at the International Medical Exchange Center",
            "title_zh_hans": "国际医疗交流中心提供泰语、越南语、马来语和印尼语翻译",
            "title_th": "ล่ามภาษาไทย เวียดนาม มลายู และอินโดนีเซีย ที่ศูนย์แลกเปลี่ยนทางการแพทย์ระหว่างประเทศ",
            "title_vi": "Phiên dịch tiếng Thái, Việt, Mã Lai và Indonesia tại Trung tâm Giao lưu Y tế Quốc tế",
            "title_ms": "Jurubahasa Thai, Vietnam, Melayu dan Indonesia di Pusat Pertukaran Perubatan Antarabangsa",
            "title_ind": "Penerjemah bahasa Thai, Vietnam, Melayu, dan Indonesia di Pusat Pertukaran Medis Internasional",
            "summary_en": "From the first call to the last follow-up, a coordinator who speaks your language is at your side.",
            "summary_zh_hans": "从第一通电话到最后一次随访，都有讲您母语的协调员陪伴。",
            "summary_th": "ตั้งแต่การโทรครั้งแรกจนถึงการติดตามผลครั้งสุดท้าย มีผู้ประสานงานที่พูดภาษาของคุณอยู่เคียงข้าง",
            "summary_vi": "Từ cuộc gọi đầu tiên đến lần tái khám cuối cùng, luôn có điều phối viên nói ngôn ngữ của bạn.",
            "summary_ms": "Dari panggilan pertama hingga susulan terakhir, penyelaras yang bertutur dalam bahasa anda sentiasa bersama.",
            "summary_ind": "Dari panggilan pertama hingga kontrol terakhir, koordinator yang berbicara dalam bahasa Anda selalu mendampingi.",
            "body_en": "<p>Patients who travel to Guangzhou for treatment meet an interpreter at the airport, at every "
            "consultation with the multidisciplinary team and at the pharmacy. Reports can be sent ahead through the "
            "consultation form; our coordinators answer in your language within two working days.</p>",
            "body_zh_hans": "<p>来广州治疗的患者在机场、每次多学科会诊及药房都有翻译陪同。可先通过咨询表单发送病历，"
            "协调员将在两个工作日内用您的语言回复。</p>",
            "body_th": "<p>ผู้ป่วยที่เดินทางมารักษาที่กวางโจวจะมีล่ามพบที่สนามบิน ทุกครั้งที่พบทีมแพทย์สหสาขา และที่ห้องยา "
            "ส่งผลตรวจล่วงหน้าได้ทางแบบฟอร์มขอคำปรึกษา ผู้ประสานงานจะตอบเป็นภาษาของคุณภายในสองวันทำการ</p>",
            "body_vi": "<p>Bệnh nhân đến Quảng Châu điều trị được phiên dịch viên đón tại sân bay, đi cùng trong mọi buổi "
            "hội chẩn đa chuyên khoa và tại nhà thuốc. Hãy gửi hồ sơ trước qua biểu mẫu tư vấn; điều phối viên trả lời "
            "bằng ngôn ngữ của bạn trong vòng hai ngày làm việc.</p>",
            "hero_image_alt_en": "Illustration: the international patients' desk",
            "hero_image_alt_zh_hans": "插图：国际患者服务台",
            "status": Status.PUBLISHED,
        },
    },
    {
        "slug_en": "prof-wang-ligen-lectures-in-jakarta-and-kuala-lumpur",
        "category": "hospital-news",
        "hospital": "Modern Cancer Hospital Guangzhou",
        "days_ago": 9,
        "photo": ("lecture", (70, 60, 130)),
        "tags": [],
        "experts": ["Wang Ligen"],
        "figures": [],
        "values": {
            "title_en": "Prof. Wang Ligen lectures on precision radiotherapy in Jakarta and Kuala Lumpur",
            "title_zh_hans": "王立根教授赴雅加达和吉隆坡讲授精准放疗",
            "title_ind": "Prof. Wang Ligen memberi kuliah radioterapi presisi di Jakarta dan Kuala Lumpur",
            "title_ms": "Prof. Wang Ligen menyampaikan syarahan radioterapi tepat di Jakarta dan Kuala Lumpur",
            "summary_en": "Two days of lectures and free consultations for doctors and patients in South-East Asia.",
            "summary_zh_hans": "为东南亚医生和患者举办为期两天的讲座与免费会诊。",
            "summary_ind": "Dua hari kuliah dan konsultasi gratis untuk dokter dan pasien di Asia Tenggara.",
            "summary_ms": "Dua hari syarahan dan konsultasi percuma untuk doktor dan pesakit di Asia Tenggara.",
            "body_en": "<p>As Visiting Specialist for South-East Asia Lectures and Consultations, Prof. Wang Ligen spoke "
            "on image-guided radiotherapy and the management of brain metastases, then saw patients who had sent their "
            "reports beforehand.</p>",
            "body_zh_hans": "<p>作为东南亚讲学与会诊特聘专家，王立根教授讲授影像引导放疗和脑转移瘤的治疗，"
            "并为提前发送病历的患者会诊。</p>",
            "body_ind": "<p>Sebagai spesialis tamu untuk kuliah dan konsultasi di Asia Tenggara, Prof. Wang Ligen berbicara "
            "tentang radioterapi terpandu citra dan penanganan metastasis otak, lalu memeriksa pasien yang telah "
            "mengirim laporan medisnya.</p>",
            "hero_image_alt_en": "Illustration: a lecture hall with a speaker at the lectern",
            "hero_image_alt_zh_hans": "插图：讲台前的演讲者与报告厅",
            "status": Status.PUBLISHED,
        },
    },
    {
        "slug_en": "californium-252-neutron-brachytherapy-for-cervical-cancer",
        "category": "clinical-results",
        "hospital": "Modern Cancer Hospital Guangzhou",
        "days_ago": 17,
        "photo": ("chart", (150, 60, 90)),
        "tags": [],
        "experts": ["Wang Ligen"],
        "figures": [
            ("Local control, cervical cancer", "局部控制率（宫颈癌）", "97.3%", "97.3%"),
            ("Patients, stage IB-IVB", "IB-IVB期患者", "150", "150例"),
        ],
        "values": {
            "title_en": "Californium-252 neutron brachytherapy for cervical cancer: 97.3% local control",
            "title_zh_hans": "锎-252中子近距离治疗宫颈癌：局部控制率97.3%",
            "title_th": "การฝังแร่นิวตรอนแคลิฟอร์เนียม-252 สำหรับมะเร็งปากมดลูก: ควบคุมเฉพาะที่ได้ 97.3%",
            "title_vi": "Xạ trị áp sát neutron californium-252 cho ung thư cổ tử cung: kiểm soát tại chỗ 97,3%",
            "summary_en": "A retrospective study of 150 patients combined neutron brachytherapy, pelvic radiotherapy "
            "and cisplatin-based chemotherapy.",
            "summary_zh_hans": "一项150例患者的回顾性研究：中子近距离治疗联合盆腔外照射及顺铂同步化疗。",
            "body_en": "<p>Cervical cancer ranks as the sixth most prevalent cancer among Chinese women. The study by "
            "Shen Qian, Wang Ligen and colleagues (Chinese Journal of Cancer, 2017) followed 150 patients with stage "
            "IB-IVB disease and reports long-term efficacy and adverse events.</p>",
            "body_zh_hans": "<p>宫颈癌是中国女性第六大常见癌症。沈倩、王立根等（《中国癌症杂志》，2017）随访150例IB-IVB期"
            "患者，报告了长期疗效和不良反应。</p>",
            "hero_image_alt_en": "Illustration: a bar chart of local control rates",
            "hero_image_alt_zh_hans": "插图：局部控制率柱状图",
            "status": Status.PUBLISHED,
        },
    },
    {
        "slug_en": "carbon-ion-therapy-for-pancreatic-cancer",
        "category": "clinical-results",
        "hospital": "Gansu Wuwei Cancer Hospital",
        "days_ago": 26,
        "photo": ("gantry", (30, 110, 120)),
        "tags": ["heavy-ion-therapy", "pancreatic-cancer"],
        "experts": ["Ye Yancheng", "Zhang Hong"],
        "figures": [
            ("Median survival with carbon ions", "碳离子治疗中位生存期", "22 months", "22个月"),
            ("Five-year survival worldwide", "全球五年生存率", "7.2%", "7.2%"),
        ],
        "values": {
            "title_en": "Carbon-ion therapy for pancreatic cancer: a median survival of 22 months",
            "title_zh_hans": "碳离子治疗胰腺癌：中位生存期达22个月",
            "title_ar": "العلاج بأيونات الكربون لسرطان البنكرياس: متوسط بقاء 22 شهرًا",
            "title_bn": "অগ্ন্যাশয় ক্যান্সারে কার্বন-আয়ন থেরাপি: গড় বেঁচে থাকা ২২ মাস",
            "summary_en": "Against the \u201cking of cancers\u201d, heavy ions extend survival by about eight months compared "
            "with photon treatment.",
            "summary_zh_hans": "面对\u201c癌中之王\u201d，重离子治疗较光子治疗延长生存期约八个月。",
            "summary_ar": "في مواجهة \u201cملك السرطانات\u201d، تطيل الأيونات الثقيلة البقاء نحو ثمانية أشهر مقارنة بالعلاج بالفوتونات.",
            "summary_bn": "\u201cক্যান্সারের রাজা\u201d-র বিরুদ্ধে ভারী আয়ন থেরাপি ফোটন চিকিৎসার তুলনায় প্রায় আট মাস বেশি বাঁচায়।",
            "body_en": "<p>The five-year survival rate of pancreatic cancer is only 7.2% worldwide. At the Wuwei Heavy Ion "
            "Center, the median survival of patients treated with carbon ions reached 22 months, comparable with "
            "results reported from Japan.</p>",
            "body_zh_hans": "<p>全球胰腺癌五年生存率仅7.2%。武威重离子中心碳离子治疗患者中位生存期达22个月，与日本报道的结果相当。</p>",
            "body_ar": "<p>لا يتجاوز معدل البقاء خمس سنوات لسرطان البنكرياس 7.2% في العالم. في مركز ووي للأيونات الثقيلة بلغ "
            "متوسط بقاء المرضى المعالجين بأيونات الكربون 22 شهرًا، وهي نتيجة تضاهي ما نُشر في اليابان.</p>",
            "hero_image_alt_en": "Illustration: a heavy-ion treatment room with its beam line",
            "hero_image_alt_zh_hans": "插图：重离子治疗室及束流线",
            "status": Status.PUBLISHED,
        },
    },
    {
        "slug_en": "minimally-invasive-sharing-session-cryoablation-and-seed-implantation",
        "category": "conference",
        "hospital": "Modern Cancer Hospital Guangzhou",
        "days_ago": 34,
        "photo": ("lecture", (40, 120, 90)),
        "tags": ["lung-cancer"],
        "experts": ["Chen Wei"],
        "figures": [],
        "values": {
            "title_en": "Sharing session: cryoablation and particle seed implantation explained",
            "title_zh_hans": "分享会：详解冷冻消融与粒子植入",
            "title_ms": "Sesi perkongsian: krioablasi dan implantasi benih zarah",
            "summary_en": "Dr Chen Wei showed how treatment through a needle spares patients open surgery.",
            "summary_zh_hans": "陈伟医生介绍经皮穿刺治疗如何让患者免于开放手术。",
            "summary_ms": "Dr Chen Wei menunjukkan cara rawatan melalui jarum mengelakkan pembedahan terbuka.",
            "body_en": "<p>Dr Chen Wei of the Minimally Invasive Therapy Center walked patients and referring doctors "
            "through cryoablation and iodine-125 seed implantation for liver and lung tumours: who can benefit, how "
            "the treatment is planned and what recovery looks like.</p>",
            "body_zh_hans": "<p>微创治疗中心陈伟医生向患者和转诊医生介绍冷冻消融和碘-125粒子植入治疗肝肺肿瘤："
            "适用人群、治疗计划及术后恢复。</p>",
            "hero_image_alt_en": "Illustration: a speaker presenting to an audience",
            "hero_image_alt_zh_hans": "插图：演讲者向听众作报告",
            "status": Status.PUBLISHED,
        },
    },
    {
        "slug_en": "heavy-ion-treatment-in-one-to-five-sessions",
        "category": "clinical-results",
        "hospital": "Gansu Wuwei Cancer Hospital",
        "days_ago": 45,
        "photo": ("gantry", (120, 70, 110)),
        "tags": ["heavy-ion-therapy", "lung-cancer"],
        "experts": ["Zhang Hong", "Ye Yancheng"],
        "figures": [],
        "values": {
            "title_en": "Hypofractionated heavy-ion treatment in one to five sessions",
            "title_zh_hans": "一至五次完成的大分割重离子治疗",
            "title_vi": "Điều trị ion nặng phân liều lớn trong một đến năm buổi",
            "summary_en": "Fewer sessions mean a shorter stay in China for patients who travel from abroad.",
            "summary_zh_hans": "治疗次数更少，境外患者在华停留时间更短。",
            "summary_vi": "Ít buổi điều trị hơn giúp bệnh nhân từ nước ngoài lưu lại Trung Quốc ngắn hơn.",
            "body_en": "<p>Precise radiotherapy under ventilator control and organ-tumour isolation padding allow the "
            "Wuwei team to deliver carbon-ion courses in one to five sessions for selected tumours.</p>",
            "body_zh_hans": "<p>借助呼吸机控制下的精准放疗和器官-肿瘤隔离垫技术，武威团队可为部分肿瘤在一至五次内完成碳离子治疗。</p>",
            "hero_image_alt_en": "Illustration: a treatment couch in front of the beam nozzle",
            "hero_image_alt_zh_hans": "插图：束流喷嘴前的治疗床",
            "status": Status.PUBLISHED,
        },
    },
    {
        "slug_en": "free-online-consultation-days-for-patients-in-bangladesh",
        "category": "announcements",
        "hospital": "Modern Cancer Hospital Guangzhou",
        "days_ago": 52,
        "photo": ("video", (46, 94, 140)),
        "tags": [],
        "experts": ["Li Mei"],
        "figures": [],
        "values": {
            "title_en": "Free online consultation days for patients in Bangladesh",
            "title_zh_hans": "面向孟加拉国患者的免费在线会诊日",
            "title_bn": "বাংলাদেশের রোগীদের জন্য বিনামূল্যে অনলাইন পরামর্শ দিবস",
            "summary_en": "Send your reports through the consultation form and choose a video appointment with an interpreter.",
            "summary_zh_hans": "通过咨询表单发送病历，并预约有翻译陪同的视频会诊。",
            "summary_bn": "পরামর্শ ফর্মের মাধ্যমে আপনার রিপোর্ট পাঠান এবং দোভাষীসহ ভিডিও সাক্ষাতের সময় বেছে নিন।",
            "body_en": "<p>Every first Saturday of the month, our radiation oncologists review reports sent from Bangladesh "
            "and discuss the options with patients and families by video, with a Bengali interpreter.</p>",
            "body_bn": "<p>প্রতি মাসের প্রথম শনিবার আমাদের রেডিয়েশন অনকোলজিস্টরা বাংলাদেশ থেকে পাঠানো রিপোর্ট দেখেন এবং "
            "বাংলা দোভাষীর সহায়তায় ভিডিওতে রোগী ও পরিবারের সঙ্গে চিকিৎসার বিকল্প নিয়ে আলোচনা করেন।</p>",
            "hero_image_alt_en": "Illustration: a video call between a doctor and a family",
            "hero_image_alt_zh_hans": "插图：医生与患者家属视频通话",
            "status": Status.PUBLISHED,
        },
    },
    {
        "slug_en": "travelling-to-guangzhou-for-treatment",
        "category": "hospital-news",
        "hospital": "Modern Cancer Hospital Guangzhou",
        "days_ago": 63,
        "photo": ("building", (60, 110, 160)),
        "tags": [],
        "experts": [],
        "figures": [],
        "values": {
            "title_en": "Travelling to Guangzhou for treatment: what to expect",
            "title_zh_hans": "来广州治疗：您需要了解的事项",
            "title_ind": "Berobat ke Guangzhou: apa yang perlu Anda ketahui",
            "title_vi": "Đến Quảng Châu điều trị: những điều cần biết",
            "title_ar": "السفر إلى قوانغتشو للعلاج: ما الذي تتوقعه",
            "summary_en": "Medical visa letters, airport pick-up, accommodation near the hospital and interpreters.",
            "summary_zh_hans": "医疗签证邀请函、接机、医院附近住宿及翻译服务。",
            "summary_ind": "Surat undangan visa medis, penjemputan di bandara, penginapan dekat rumah sakit, dan penerjemah.",
            "summary_vi": "Thư mời thị thực y tế, đón tại sân bay, chỗ ở gần bệnh viện và phiên dịch.",
            "summary_ar": "خطاب دعوة لتأشيرة العلاج، والاستقبال في المطار، والسكن قرب المستشفى، والمترجمون.",
            "body_en": "<p>Once the experts have reviewed your reports and proposed a treatment plan, the International "
            "Medical Exchange Center sends the invitation letter for a medical visa, arranges the pick-up at Baiyun "
            "airport and books accommodation within walking distance of the hospital.</p>",
            "body_zh_hans": "<p>专家审阅病历并提出治疗方案后，国际医疗交流中心将寄发医疗签证邀请函，安排白云机场接机，"
            "并预订医院步行范围内的住宿。</p>",
            "hero_image_alt_en": "Illustration: the hospital building",
            "hero_image_alt_zh_hans": "插图：医院大楼",
            "status": Status.PUBLISHED,
        },
    },
    {
        "slug_en": "heavy-ions-for-bladder-and-breast-cancer-at-the-gansu-oncology-forum",
        "category": "conference",
        "hospital": "Gansu Wuwei Cancer Hospital",
        "days_ago": 80,
        "photo": ("lecture", (160, 60, 50)),
        "tags": ["heavy-ion-therapy"],
        "experts": ["Ye Yancheng", "Ma Tong"],
        "figures": [],
        "values": {
            "title_en": "Heavy ions for bladder and breast cancer: the Wuwei team at the provincial oncology forum",
            "title_zh_hans": "重离子治疗膀胱癌与乳腺癌：武威团队亮相省肿瘤学论坛",
            "summary_en": "Dean Ye Yancheng and Dr Ma Tong presented the centre's first domestic protocols.",
            "summary_zh_hans": "叶延程院长和马彤医生介绍中心首批国产重离子诊疗方案。",
            "body_en": "<p>Heavy-ion diagnosis and treatment for bladder cancer and breast cancer are among the techniques "
            "the Wuwei Heavy Ion Center developed first in China. The team also reported encouraging results on the "
            "abscopal effect of carbon ions.</p>",
            "body_zh_hans": "<p>膀胱癌和乳腺癌重离子诊疗是武威重离子中心在国内率先开展的技术之一。团队还报告了碳离子远隔效应研究的可喜结果。</p>",
            "hero_image_alt_en": "Illustration: a conference stage with a screen",
            "hero_image_alt_zh_hans": "插图：会议讲台与屏幕",
            "status": Status.PUBLISHED,
        },
    },
]

# (en slug, days from today, duration in days, online, hospital, {field: text})
MORE_EVENTS = [
    ("online-consultation-day-for-patients-in-indonesia", 12, 1, True, "Modern Cancer Hospital Guangzhou", {
        "title_en": "Online consultation day for patients in Indonesia",
        "title_zh_hans": "印尼患者在线会诊日",
        "title_ind": "Hari konsultasi daring untuk pasien di Indonesia",
        "summary_en": "Video consultations with our radiation oncologists, with an Indonesian interpreter.",
        "summary_zh_hans": "与放疗专家视频会诊，提供印尼语翻译。",
        "summary_ind": "Konsultasi video dengan dokter onkologi radiasi kami, didampingi penerjemah bahasa Indonesia.",
        "description_en": "<p>Send your reports through the consultation form and choose this event: a coordinator "
                          "books a time and sends you the video link.</p>",
        "description_ind": "<p>Kirim laporan medis Anda melalui formulir konsultasi dan pilih acara ini: koordinator "
                           "akan menjadwalkan waktu dan mengirim tautan video.</p>",
    }),
    ("heavy-ion-center-open-day", 45, 1, False, "Gansu Wuwei Cancer Hospital", {
        "title_en": "Heavy Ion Center open day for patients and families",
        "title_zh_hans": "重离子中心患者及家属开放日",
        "title_ar": "يوم مفتوح في مركز الأيونات الثقيلة للمرضى وعائلاتهم",
        "summary_en": "See the treatment rooms, meet the team and ask your questions.",
        "summary_zh_hans": "参观治疗室，与团队见面并现场答疑。",
        "summary_ar": "شاهد غرف العلاج وتعرّف على الفريق واطرح أسئلتك.",
        "description_en": "<p>Guided tours of the synchrotron and treatment rooms every hour, and a question time with "
                          "the physicians of the Wuwei Heavy Ion Center.</p>",
        "venue_en": "Wuwei Heavy Ion Center", "venue_zh_hans": "武威重离子中心",
    }),
    ("patient-information-evening-in-kuala-lumpur", -20, 1, False, "Modern Cancer Hospital Guangzhou", {
        "title_en": "Patient information evening in Kuala Lumpur",
        "title_zh_hans": "吉隆坡患者说明会",
        "title_ms": "Malam maklumat pesakit di Kuala Lumpur",
        "summary_en": "Treatment in China explained: consultations, travel, costs and follow-up at home.",
        "summary_zh_hans": "详解来华治疗：会诊、行程、费用及回国后的随访。",
        "summary_ms": "Rawatan di China diterangkan: konsultasi, perjalanan, kos dan susulan di tanah air.",
        "description_en": "<p>Prof. Wang Ligen and the coordinators of the International Medical Exchange Center "
                          "answered questions from patients and families.</p>",
        "venue_en": "Kuala Lumpur Convention Centre", "venue_zh_hans": "吉隆坡会议中心",
        "venue_ms": "Pusat Konvensyen Kuala Lumpur",
    }),
]  # fmt: skip


def illustration(motif, colour, seed, size=(1600, 900)):
    """A drawn stand-in photo (no third-party image, so no licence to track): gradient, light, a motif."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    dark = tuple(max(0, c - 40) for c in colour)
    light = tuple(min(255, c + 110) for c in colour)
    for y in range(height):
        mix = y / height
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * mix) for a, b in zip(light, dark, strict=True)))
    glow = Image.new("RGBA", size, (0, 0, 0, 0))
    glow_draw = ImageDraw.Draw(glow)
    for _ in range(14):
        x, y, r = rng.randint(0, width), rng.randint(0, height // 2), rng.randint(40, 160)
        glow_draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, rng.randint(20, 60)))
    image.paste(glow.filter(ImageFilter.GaussianBlur(30)), (0, 0), glow.filter(ImageFilter.GaussianBlur(30)))
    draw = ImageDraw.Draw(image)
    white, ink = (250, 250, 252), tuple(max(0, c - 70) for c in colour)
    floor = round(height * 0.78)
    draw.rectangle((0, floor, width, height), fill=tuple(max(0, c - 20) for c in dark))
    if motif == "building":
        draw.rectangle((width * 0.28, height * 0.22, width * 0.72, floor), fill=white)
        for row in range(6):
            for col in range(8):
                x0, y0 = width * (0.31 + col * 0.051), height * (0.27 + row * 0.078)
                draw.rectangle((x0, y0, x0 + width * 0.03, y0 + height * 0.045), fill=light)
        draw.rectangle((width * 0.46, floor - height * 0.12, width * 0.54, floor), fill=ink)
    elif motif == "gantry":
        cx, cy, r = width * 0.5, height * 0.47, height * 0.3
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=white, width=round(height * 0.07))
        draw.rectangle((cx - r * 0.12, cy - r * 0.15, cx + r * 0.12, cy + r * 0.15), fill=white)
        draw.line([(0, cy), (cx - r * 0.12, cy)], fill=(255, 214, 120), width=10)
        draw.rectangle((width * 0.52, floor - height * 0.1, width * 0.9, floor - height * 0.06), fill=white)
    elif motif == "desk":
        # A reception counter: two coordinators behind it, speech bubbles in several scripts' colours.
        for person, x in enumerate((0.36, 0.6)):
            cx = width * x
            draw.ellipse((cx - 55, height * 0.3, cx + 55, height * 0.44), fill=(236, 204, 170))
            draw.pieslice((cx - 120, height * 0.47, cx + 120, height * 0.95), 180, 360, fill=ink if person else white)
        draw.rectangle((width * 0.18, height * 0.6, width * 0.82, floor + height * 0.05), fill=white)
        draw.rectangle((width * 0.18, height * 0.6, width * 0.82, height * 0.63), fill=light)
        for x, y, tint in ((0.2, 0.12, (255, 214, 120)), (0.7, 0.1, (160, 220, 200)), (0.46, 0.05, (250, 180, 170))):
            x0, y0 = width * x, height * y
            draw.rounded_rectangle((x0, y0, x0 + width * 0.14, y0 + height * 0.12), radius=24, fill=tint)
            draw.polygon([(x0 + 40, y0 + height * 0.12), (x0 + 80, y0 + height * 0.12), (x0 + 50, y0 + height * 0.17)],
                         fill=tint)  # fmt: skip
            for line in range(2):
                ly = y0 + height * (0.035 + line * 0.04)
                draw.rectangle((x0 + 24, ly, x0 + width * (0.1 - 0.03 * line), ly + 10), fill=white)
    elif motif == "lecture":
        draw.rectangle((width * 0.2, height * 0.12, width * 0.8, height * 0.5), fill=white)
        for line in range(4):
            y = height * (0.2 + line * 0.07)
            draw.rectangle((width * 0.26, y, width * (0.74 - 0.08 * (line % 2)), y + height * 0.025), fill=light)
        draw.rectangle((width * 0.08, floor - height * 0.2, width * 0.2, floor), fill=ink)
        draw.ellipse((width * 0.115, floor - height * 0.33, width * 0.165, floor - height * 0.24), fill=(236, 204, 170))
        for seat in range(9):
            x = width * (0.27 + seat * 0.07)
            draw.ellipse((x, floor - height * 0.02, x + width * 0.04, floor + height * 0.06), fill=(236, 204, 170))
            draw.pieslice((x - width * 0.015, floor + height * 0.05, x + width * 0.055, floor + height * 0.25),
                          180, 360, fill=ink)  # fmt: skip
    elif motif == "chart":
        for bar in range(6):
            top = height * (0.7 - 0.09 * bar - rng.random() * 0.05)
            x = width * (0.18 + bar * 0.11)
            draw.rectangle((x, top, x + width * 0.07, floor), fill=white if bar < 5 else (255, 214, 120))
        draw.line([(width * 0.15, floor), (width * 0.85, floor)], fill=white, width=6)
    elif motif == "video":
        draw.rounded_rectangle((width * 0.22, height * 0.12, width * 0.78, height * 0.72), radius=30, fill=white)
        for person, x in enumerate((0.36, 0.5, 0.64)):
            cx = width * x
            draw.ellipse((cx - 45, height * 0.3, cx + 45, height * 0.42), fill=(236, 204, 170))
            draw.pieslice((cx - 90, height * 0.46, cx + 90, height * 0.8), 180, 360, fill=dark if person else ink)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def _china_morning(day):
    return datetime.combine(day, time(9), tzinfo=SHANGHAI)


def _link_presenters(values):
    """Turn {Name} in the bodies into links to the profiles of presenters who are experts of the site."""
    from experts.models import Expert

    names = {part.split("}", 1)[0] for text in values.values() if isinstance(text, str)
             for part in text.split("{")[1:]}  # fmt: skip
    experts = {expert.name_en: expert for expert in Expert.objects.published().filter(name_en__in=names)}
    linked = dict(values)
    for field in ("body_en", "body_zh_hans"):
        language = "en" if field.endswith("_en") else "zh-hans"
        text = values[field]
        for name in names:
            expert = experts.get(name)
            if expert is None:
                text = text.replace(f"{{{name}}}", name)
                continue
            with translation.override(language):
                url = expert.get_absolute_url()
            label = expert.name_en if language == "en" else (expert.name_zh_hans or expert.name_en)
            # As the rich-text sanitiser stores links, so a second run finds nothing to change.
            text = text.replace(f"{{{name}}}", f'<a href="{url}" rel="noopener noreferrer">{label}</a>')
        linked[field] = text
    return linked


def _aware(year, month, day, hour=9):
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def _upcoming_september(now):
    """The next 13-15 September still ahead, so the sharing session is always upcoming."""
    year = now.astimezone(SHANGHAI).year
    if _aware(year, 9, 15, 17) < now:
        year += 1
    return year


def _news_item(spec, category, tags, publish_at, hospital=None):
    from experts.models import Expert

    values = _link_presenters(spec["values"]) if "{" in spec["values"].get("body_en", "") else spec["values"]
    if hospital is not None:
        values = {**values, "hospital": hospital}
    item = ensure(NewsItem, {"slug_en": spec["slug_en"]}, category=category, publish_at=publish_at, **values)
    if spec.get("photo") and not item.hero_image:
        motif, colour = spec["photo"]
        item.hero_image.save(f"{spec['slug_en'][:60]}.jpg", ContentFile(illustration(motif, colour, spec["slug_en"])),
                             save=True)  # fmt: skip
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
    hospitals = {hospital.name_en: hospital for hospital in Hospital.objects.all()}
    today = timezone.localdate(timezone=SHANGHAI)
    for spec in MORE_NEWS:
        item_tags = [tags[slug] for slug in spec["tags"]]
        _news_item(spec, categories[spec["category"]], item_tags, _china_morning(today - timedelta(days=spec["days_ago"])),
                   hospital=hospitals.get(spec["hospital"]))  # fmt: skip
    for slug, days, duration, online, hospital_name, texts in MORE_EVENTS:
        hospital = hospitals.get(hospital_name)
        if hospital is None:
            continue
        start = _china_morning(today + timedelta(days=days))
        ensure(Event, {"slug_en": slug}, start=start, end=start + timedelta(days=duration - 1, hours=8), online=online,
               hospital=hospital, status=Status.PUBLISHED, publish_at=_china_morning(today - timedelta(days=60)),
               **texts)  # fmt: skip
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
