"""The founding article's companies, components, relationships and figures.

Every figure cites where it was published (see the team's DATA.md); values
that no source gives directly are marked as assumptions, and values worked
out from published figures as derived. Each relationship carries the grade
of evidence its source supports, and the source's words where we have them.
Loading is idempotent: rows are found by their natural keys and created only
when missing, and on a second run only what is still blank (a margin, a
relationship's quote, a fact's period) is filled in, so staff edits made in
the admin survive. Corrections to rows seeded earlier are migrations
(companies/migrations/0005), so a database gets them whether or not it is
seeded again.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from companies.models import Company, ComponentCategory, Fact, Segment, Source, SupplyRelationship

ARTICLE = "article"
# The 24 March 2025 meeting at BYD, where the potential areas of cooperation were named.
INVESTOR = "investor"

SOURCES = {
    "autodiary": {
        "title": "Samsung SDI Q1 and Q2 2024 earnings: battery segment operating margin",
        "publisher": "autodiary.kr",
        "published_on": datetime.date(2024, 7, 30),
        "excerpt": "Samsung SDI's battery segment operating margin was 4.7% in Q1 2024 and 5.4% in Q2 2024.",
    },
    "bizwire": {
        "title": "Harman, Samsung's hidden benefactor, achieves record-breaking quarterly profits",
        "publisher": "Korea Bizwire",
        "published_on": datetime.date(2023, 11, 1),
        "excerpt": "Harman's 2022 sales were 13.21 trillion won with an operating profit of 880 billion won.",
    },
    ARTICLE: {
        "title": "Samsung and Xiaomi leaders meet at Xiaomi's EV factory (news summary)",
        "publisher": "Founding article",
        "excerpt": (
            "Samsung Electronics Chairman Jay Y. Lee met Xiaomi CEO Lei Jun at Xiaomi's EV factory "
            "in Beijing, their first meeting in seven years. Xiaomi sold 137,000 SU7s in the first "
            "year ($4.5 billion revenue), aims for 350,000 vehicles in 2025 and global expansion by "
            "2027. Samsung affiliates supply nearly 60% of the components a modern EV needs, in a "
            "$800 billion market."
        ),
    },
    "joongang": {
        "title": "Samsung's Lee meets with BYD executives",
        "publisher": "Korea JoongAng Daily",
        "published_on": datetime.date(2025, 3, 24),
        "address": (
            "https://koreajoongangdaily.joins.com/news/2025-03-24/business/industry/"
            "Samsungs-Lee-meets-with-BYD-executives/2269148"
        ),
        "excerpt": "The meeting took place on 22 March 2025 at Xiaomi's EV factory in Beijing.",
    },
    "mwl": {
        "title": "Smartphones, EVs fuel record Xiaomi sales",
        "publisher": "Mobile World Live",
        "excerpt": "Xiaomi delivered 136,854 EVs in 2024 and raised its 2025 target from 300,000 to 350,000.",
    },
    "electrive": {
        "title": "Xiaomi targets over 550,000 deliveries this year",
        "publisher": "electrive.com",
        "published_on": datetime.date(2026, 1, 5),
        "excerpt": (
            "Xiaomi delivered over 410,000 EVs in 2025 after raising its target to 400,000+ on "
            "20 November 2025, and targets 550,000 deliveries in 2026."
        ),
    },
    "infonowcast": {
        "title": "Xiaomi EV division report",
        "publisher": "InfoNowCast",
        "excerpt": "Xiaomi's EV revenue in 2024 was 32.1 billion yuan.",
    },
    "cnevpost": {
        "title": "Xiaomi SU7 prices and average selling price, Q2 2024",
        "publisher": "CnEVPost",
        "published_on": datetime.date(2024, 8, 21),
        "excerpt": (
            "SU7 launch prices 215,900 / 245,900 / 299,900 yuan (Standard / Pro / Max); average "
            "selling price in Q2 2024 of 228,644 yuan (about $32,058)."
        ),
    },
    "vehiclethermal": {
        "title": "Xiaomi SU7 battery tear-down comparison",
        "publisher": "vehiclethermal.com",
        "excerpt": (
            "Pack capacity: Standard 73.6 kWh, Pro 94.3 kWh, Max 101 kWh; current cells from BYD and CATL."
        ),
    },
    "bnef": {
        "title": "Battery pack prices press release",
        "publisher": "BloombergNEF",
        "published_on": datetime.date(2025, 12, 9),
        "excerpt": ("Average pack price $115/kWh in 2024 and $108/kWh in 2025; China $84/kWh; LFP $81/kWh."),
    },
    "displaydaily": {
        "title": "Automotive OLED shipments (citing Omdia)",
        "publisher": "Display Daily",
        "excerpt": "Samsung Display shipped 1.64 million car OLED panels in 2024 for about $492 million.",
    },
    "micron": {
        "title": "Memory and storage in the car",
        "publisher": "Micron blog",
        "excerpt": "About 90 GB of DRAM and NAND per car today, rising toward 278 GB by 2026.",
    },
    "smartsemi": {
        "title": "Automotive memory bill of materials",
        "publisher": "SmartSemi",
        "excerpt": "The memory bill of materials for Level-2 cars exceeds $100 by 2025.",
    },
    "autonews": {
        "title": "Semiconductor content per battery EV (Infineon estimate)",
        "publisher": "Automotive News Europe",
        "excerpt": "About $775 of semiconductor content per battery-electric vehicle.",
    },
    "topcomponents": {
        "title": "Xiaomi SU7 chips: Snapdragon 8295 cockpit and NVIDIA Orin",
        "publisher": "topcomponents.net",
        "excerpt": (
            "The SU7 uses a Qualcomm Snapdragon 8295 cockpit chip and NVIDIA Orin for driver "
            "assistance; no per-car price is published."
        ),
    },
    "koreabizwire": {
        "title": "Harman's share of the infotainment market",
        "publisher": "Korea Biz Wire",
        "excerpt": "Harman holds about 25% of the infotainment market; no per-car value is published.",
    },
    "iea": {
        "title": "Global EV sales, 2024 (IEA figures)",
        "publisher": "wifitalents.com",
        "excerpt": "About 17 million electric vehicles were sold worldwide in 2024.",
    },
    "enjoelec": {
        "title": "EV market size, 2024 (Statista figure)",
        "publisher": "enjoelec.com",
        "excerpt": "The EV market was worth $786 billion in 2024.",
    },
    "autoexpresscar": {
        "title": "EV market size estimates",
        "publisher": "autoexpresscar.com",
        "excerpt": "Estimates of $418 billion (2024) and $350 billion (2023).",
    },
    "ked": {
        "title": "Samsung's share of automotive memory, 2025 (Korea Economic Daily)",
        "publisher": "aiweekly.co",
        "excerpt": "Samsung holds about 40% of automotive memory in 2025; Micron about 36%.",
    },
    INVESTOR: {
        # The title describes the article; its address is the publisher's own.
        "title": "Samsung chairman visits BYD's headquarters in Shenzhen (article 10449861)",
        "publisher": "The Investor (Korea Herald)",
        "address": "https://www.theinvestor.co.kr/article/10449861",
        "excerpt": (
            "On 24 March 2025, two days after the Xiaomi visit, Samsung Electronics Chairman Jay Y. "
            "Lee met BYD chairman Wang Chuanfu at BYD's headquarters in Shenzhen, his first visit "
            "there since May 2018. Potential areas of cooperation named: automotive components from "
            "Samsung Electronics, multilayer ceramic capacitors from Samsung Electro-Mechanics, "
            "digital cockpits from Harman and OLED displays for vehicles from Samsung Display."
        ),
    },
    "chinaevhome": {
        "title": "BYD 2024 Annual Report: 777.1 Billion Yuan Revenue Surpasses Tesla for the First Time",
        "publisher": "chinaevhome.com",
        "published_on": datetime.date(2025, 3, 26),
        "excerpt": (
            "BYD's 2024 revenue was 777.1 billion yuan; it sold 4.27 million vehicles in 2024, "
            "including plug-in hybrids (about 1.8 million battery EVs)."
        ),
    },
    "stockanalysis": {
        "title": "Samsung SDI Income Statement",
        "publisher": "stockanalysis.com",
        "excerpt": (
            "KRX:006400 financials (page as of May 2025): revenue of 16,592,249 million won in "
            "FY2024 and 21,436,788 million won in FY2023; operating income of 273,448 and "
            "1,545,489 million won."
        ),
    },
    "donga": {
        "title": "‘Let’s lead innovation at the forefront,’ Lee Jae-yong says",
        "publisher": "Dong-A Ilbo",
        "published_on": datetime.date(2020, 7, 17),
        "address": (
            "https://www.donga.com/en/article/all/20200717/2122965/1/"
            "Let-s-lead-innovation-at-the-forefront-Lee-Jae-yong-says"
        ),
        "excerpt": "A car holds 3,000 to 15,000 multilayer ceramic capacitors (MLCCs).",
    },
}

G, CAR, DEVICE, SUP, FOUNDRY = (
    Company.Kind.GROUP,
    Company.Kind.CAR_MAKER,
    Company.Kind.DEVICE_MAKER,
    Company.Kind.SUPPLIER,
    Company.Kind.FOUNDRY,
)

# (name, slug, kind, country, parent slug, website, description)
COMPANIES = [
    (
        "Samsung Group",
        "samsung",
        G,
        "South Korea",
        None,
        "https://www.samsung.com",
        "South Korean group whose affiliates can supply nearly 60% of the components a modern EV needs.",
    ),
    (
        "Samsung Electronics",
        "samsung-electronics",
        SUP,
        "South Korea",
        "samsung",
        "https://www.samsung.com",
        "Memory chips, NAND flash and AI chips; chairman Jay Y. Lee.",
    ),
    (
        "Samsung SDI",
        "samsung-sdi",
        SUP,
        "South Korea",
        "samsung",
        "https://www.samsungsdi.com",
        "Batteries for electric vehicles.",
    ),
    (
        "Samsung Display",
        "samsung-display",
        SUP,
        "South Korea",
        "samsung",
        "https://www.samsungdisplay.com",
        "OLED displays for phones and cars.",
    ),
    (
        "Harman International",
        "harman",
        SUP,
        "United States",
        "samsung",
        "https://www.harman.com",
        "Infotainment, audio and telematics; about 25% of the infotainment market.",
    ),
    (
        "Samsung Electro-Mechanics",
        "samsung-electro-mechanics",
        SUP,
        "South Korea",
        "samsung",
        "https://www.samsungsem.com",
        "Multilayer ceramic capacitors (MLCCs) for cars and electronics.",
    ),
    (
        "Xiaomi",
        "xiaomi",
        CAR,
        "China",
        None,
        "https://www.mi.com",
        "Smartphone maker that launched the SU7 electric car in 2024; CEO Lei Jun.",
    ),
    ("BYD", "byd", CAR, "China", None, "https://www.byd.com", "Chinese car maker and battery producer."),
    (
        "FinDreams Battery",
        "findreams",
        SUP,
        "China",
        "byd",
        "",
        "BYD's battery company, a current supplier of SU7 cells.",
    ),
    (
        "CATL",
        "catl",
        SUP,
        "China",
        None,
        "https://www.catl.com",
        "Battery maker, a current supplier of SU7 cells.",
    ),
    (
        "TSMC",
        "tsmc",
        FOUNDRY,
        "Taiwan",
        None,
        "https://www.tsmc.com",
        "Foundry that makes Google's Tensor G5.",
    ),
    (
        "Google",
        "google",
        DEVICE,
        "United States",
        None,
        "https://store.google.com",
        "Pixel phone maker; moved Tensor G5 production from Samsung to TSMC.",
    ),
    (
        "Qualcomm",
        "qualcomm",
        SUP,
        "United States",
        None,
        "https://www.qualcomm.com",
        "Makes the SU7's Snapdragon 8295 cockpit chip; its CEO also attended the meeting.",
    ),
    (
        "NVIDIA",
        "nvidia",
        SUP,
        "United States",
        None,
        "https://www.nvidia.com",
        "Makes the NVIDIA Orin driver-assistance chips in the SU7.",
    ),
]

SOURCED, DERIVED, ASSUMED = ComponentCategory.ValueKind

# (name, slug, order, description, value, price change %/yr, kind of value, source, basis)
CATEGORIES = [
    (
        "Battery",
        "battery",
        1,
        "Cells and packs: the largest single item in an EV's bill of materials.",
        "6200",
        "-6",
        ASSUMED,
        "bnef",
        "73.6 kWh (SU7 Standard, vehiclethermal.com) x $84/kWh (China pack price, BloombergNEF) ≈ $6,200. "
        "Price change: pack prices fell from $115 to $108/kWh from 2024 to 2025 (about -6%).",
    ),
    (
        "Display",
        "display",
        2,
        "OLED panels: phone screens and automotive displays.",
        "300",
        "0",
        DERIVED,
        "displaydaily",
        "Derived: about $492M of car OLED panels / 1.64M panels shipped by Samsung Display in 2024 "
        "(Display Daily, citing Omdia) = $300 a panel.",
    ),
    (
        "Memory chips (DRAM)",
        "memory",
        3,
        "DRAM for phones, cockpit and driver assistance.",
        "60",
        "0",
        ASSUMED,
        "smartsemi",
        "Assumed 60% of the over-$100 memory bill of materials for Level-2 cars (SmartSemi).",
    ),
    (
        "NAND flash storage",
        "storage",
        4,
        "Flash storage for phones and cars.",
        "40",
        "0",
        ASSUMED,
        "smartsemi",
        "Assumed 40% of the over-$100 memory bill of materials for Level-2 cars (SmartSemi).",
    ),
    (
        "Compute and AI chips",
        "compute",
        5,
        "Cockpit and driver-assistance processors.",
        "400",
        "0",
        ASSUMED,
        "autonews",
        "No per-car price is published for the SU7's Snapdragon 8295 and NVIDIA Orin; assumed about "
        "half of the $775 total semiconductor content of a battery EV (Infineon).",
    ),
    (
        "Infotainment and audio",
        "infotainment",
        6,
        "Head unit, audio and telematics (Harman's line).",
        "600",
        "0",
        ASSUMED,
        "koreabizwire",
        "No per-car value is published; an assumption for a premium head unit, audio and telematics.",
    ),
    (
        "Multilayer ceramic capacitors (MLCC)",
        "mlcc",
        7,
        "Passive parts that steady the current in every electronic unit of the car.",
        "100",
        "0",
        ASSUMED,
        "donga",
        "No per-car value or unit price is published here. Assumed 10,000 MLCCs in an EV (a car "
        "holds 3,000 to 15,000, Dong-A Ilbo; an EV's electronics put it toward the top) at an "
        "assumed $0.01 each: $100.",
    ),
]

E, P, X = (
    SupplyRelationship.Status.ESTABLISHED,
    SupplyRelationship.Status.POTENTIAL,
    SupplyRelationship.Status.ENDED,
)
PRESS, INFERRED = SupplyRelationship.Evidence.PRESS, SupplyRelationship.Evidence.INFERRED
PHONE, EV = Segment.SMARTPHONE, Segment.EV

# The article's words for each kind of relationship it names.
ARTICLE_PHONES = (
    "Xiaomi relying on Samsung for memory chips, NAND flash storage, and OLED displays for their smartphones"
)
ARTICLE_EV = (
    "providing advanced batteries through Samsung SDI, automotive displays, AI chips, and "
    "infotainment systems from Harman International"
)
ARTICLE_TENSOR = "Google reverted to TSMC for producing the Tensor G5"

# (supplier, customer, component, segment, status, since year, evidence, source, quote, notes).
# A since year only where the source states it; the tear-down and chip sources give none.
# An inferred grade gives its reason in the notes; the quote is only ever the source's words.
RELATIONSHIPS = [
    (
        "samsung-electronics",
        "xiaomi",
        "memory",
        PHONE,
        E,
        None,
        PRESS,
        ARTICLE,
        ARTICLE_PHONES,
        "Memory chips for Xiaomi phones.",
    ),
    (
        "samsung-electronics",
        "xiaomi",
        "storage",
        PHONE,
        E,
        None,
        PRESS,
        ARTICLE,
        ARTICLE_PHONES,
        "NAND flash for Xiaomi phones.",
    ),
    (
        "samsung-display",
        "xiaomi",
        "display",
        PHONE,
        E,
        None,
        PRESS,
        ARTICLE,
        ARTICLE_PHONES,
        "OLED displays for Xiaomi phones.",
    ),
    (
        "samsung-sdi",
        "xiaomi",
        "battery",
        EV,
        P,
        None,
        PRESS,
        ARTICLE,
        ARTICLE_EV,
        "Advanced batteries through Samsung SDI.",
    ),
    ("samsung-display", "xiaomi", "display", EV, P, None, PRESS, ARTICLE, ARTICLE_EV, "Automotive displays."),
    ("samsung-electronics", "xiaomi", "compute", EV, P, None, PRESS, ARTICLE, ARTICLE_EV, "AI chips."),
    (
        "samsung-electronics",
        "xiaomi",
        "memory",
        EV,
        P,
        None,
        INFERRED,
        ARTICLE,
        ARTICLE_PHONES,
        "Inferred: the article names memory chips only for Xiaomi's phones, not among the EV "
        "components Samsung could provide.",
    ),
    (
        "samsung-electronics",
        "xiaomi",
        "storage",
        EV,
        P,
        None,
        INFERRED,
        ARTICLE,
        ARTICLE_PHONES,
        "Inferred: the article names NAND flash only for Xiaomi's phones, not among the EV "
        "components Samsung could provide.",
    ),
    (
        "harman",
        "xiaomi",
        "infotainment",
        EV,
        P,
        None,
        PRESS,
        ARTICLE,
        ARTICLE_EV,
        "Infotainment systems from Harman.",
    ),
    ("findreams", "xiaomi", "battery", EV, E, None, PRESS, "vehiclethermal", "", "Current SU7 cells (BYD)."),
    ("catl", "xiaomi", "battery", EV, E, None, PRESS, "vehiclethermal", "", "Current SU7 cells."),
    (
        "qualcomm",
        "xiaomi",
        "compute",
        EV,
        E,
        None,
        PRESS,
        "topcomponents",
        "",
        "Snapdragon 8295 cockpit chip.",
    ),
    (
        "nvidia",
        "xiaomi",
        "compute",
        EV,
        E,
        None,
        PRESS,
        "topcomponents",
        "",
        "NVIDIA Orin driver-assistance chips.",
    ),
    (
        "samsung-electronics",
        "google",
        "compute",
        PHONE,
        X,
        None,
        PRESS,
        ARTICLE,
        ARTICLE_TENSOR,
        "Made Tensor chips until Google moved Tensor G5 production to TSMC.",
    ),
    ("tsmc", "google", "compute", PHONE, E, None, PRESS, ARTICLE, ARTICLE_TENSOR, "Tensor G5."),
    # Named at the 24 March 2025 meeting. The article's "automotive components produced by
    # Samsung Electronics" names no kind of component, so no category is guessed for them.
    (
        "harman",
        "byd",
        "infotainment",
        EV,
        P,
        None,
        PRESS,
        INVESTOR,
        "digital cockpits from Harman",
        "Digital cockpits, named at the 24 March 2025 meeting.",
    ),
    (
        "samsung-display",
        "byd",
        "display",
        EV,
        P,
        None,
        PRESS,
        INVESTOR,
        "OLED displays for vehicles from Samsung Display",
        "OLED displays for vehicles, named at the 24 March 2025 meeting.",
    ),
    (
        "samsung-electro-mechanics",
        "byd",
        "mlcc",
        EV,
        P,
        None,
        PRESS,
        INVESTOR,
        "multilayer ceramic capacitors from Samsung Electro-Mechanics",
        "Multilayer ceramic capacitors, named at the 24 March 2025 meeting.",
    ),
]

A, PL, ES = Fact.Kind.ACTUAL, Fact.Kind.PLAN, Fact.Kind.ESTIMATE

# The article gives the SU7's first year on sale, not a calendar year.
FIRST_YEAR = "first year on sale"
FIRST_YEAR_NOTE = "The article gives no calendar year; the SU7 went on sale in March 2024."

# (company slug or None for the market, metric, label, value, unit, when, kind, qualifier,
# source, note); when is a calendar year, None, the period the source states in words, or
# (year, period) for a part of a year.
FACTS = [
    (
        "xiaomi",
        "ev_deliveries_first_year",
        "SU7 units sold in its first year",
        "137000",
        "vehicles",
        FIRST_YEAR,
        A,
        "",
        ARTICLE,
        FIRST_YEAR_NOTE,
    ),
    (
        "xiaomi",
        "ev_revenue_first_year",
        "SU7 revenue in its first year",
        "4500000000",
        "USD",
        FIRST_YEAR,
        A,
        "",
        ARTICLE,
        FIRST_YEAR_NOTE,
    ),
    ("xiaomi", "ev_deliveries", "EV production plan", "350000", "vehicles", 2025, PL, "", ARTICLE, ""),
    ("xiaomi", "global_expansion", "Global sales expansion", None, "", 2027, PL, "", ARTICLE, ""),
    (
        "samsung",
        "ev_component_coverage",
        "Share of a modern EV's components its affiliates can supply",
        "60",
        "%",
        None,
        ES,
        "nearly",
        ARTICLE,
        "",
    ),
    (None, "ev_market_size", "EV market size", "800000000000", "USD", None, ES, "about", ARTICLE, ""),
    ("xiaomi", "ev_deliveries", "EV deliveries", "136854", "vehicles", 2024, A, "", "mwl", ""),
    (
        "xiaomi",
        "ev_deliveries",
        "EV delivery target (raised)",
        "400000",
        "vehicles",
        2025,
        PL,
        "over",
        "electrive",
        "Raised from 300,000 to 350,000, then on 20 Nov 2025 to 400,000+.",
    ),
    ("xiaomi", "ev_deliveries", "EV deliveries", "410000", "vehicles", 2025, A, "over", "electrive", ""),
    # The source's title: "Xiaomi targets over 550,000 deliveries this year".
    (
        "xiaomi",
        "ev_deliveries",
        "EV delivery target",
        "550000",
        "vehicles",
        2026,
        PL,
        "over",
        "electrive",
        "",
    ),
    ("xiaomi", "ev_revenue", "EV revenue", "32100000000", "CNY", 2024, A, "", "infonowcast", ""),
    (
        "xiaomi",
        "ev_average_price",
        "SU7 average selling price, Q2",
        "228644",
        "CNY",
        (2024, "Q2 2024"),  # a quarter's average, not the year's
        A,
        "",
        "cnevpost",
        "About $32,058.",
    ),
    (
        "samsung-electronics",
        "auto_memory_share",
        "Share of automotive memory",
        "40",
        "%",
        2025,
        ES,
        "about",
        "ked",
        "Micron about 36%.",
    ),
    (None, "ev_sales_global", "Global EV sales", "17000000", "vehicles", 2024, A, "about", "iea", ""),
    (
        None,
        "ev_market_size",
        "EV market size",
        "786000000000",
        "USD",
        2024,
        ES,
        "",
        "enjoelec",
        "Estimates disagree by more than 2x.",
    ),
    (None, "ev_market_size", "EV market size", "418000000000", "USD", 2024, ES, "", "autoexpresscar", ""),
    (None, "ev_market_size", "EV market size", "350000000000", "USD", 2023, ES, "", "autoexpresscar", ""),
    (
        "byd",
        "vehicles_sold",
        "Vehicles sold",
        "4270000",
        "vehicles",
        2024,
        A,
        "",
        "chinaevhome",
        "Including plug-in hybrids; about 1.8 million were battery EVs.",
    ),
    ("byd", "revenue", "Revenue", "777100000000", "CNY", 2024, A, "", "chinaevhome", ""),
    (
        "byd",
        "revenue",
        "Revenue",
        "602300000000",
        "CNY",
        2023,
        A,
        "",
        "joongang",
        "Citing the South China Morning Post.",
    ),
    # Reported revenues of the affiliates, in their own currency: the size of the business a deal adds to.
    ("samsung-sdi", "revenue", "Revenue", "16592249000000", "KRW", 2024, A, "", "stockanalysis", ""),
    ("samsung-sdi", "revenue", "Revenue", "21436788000000", "KRW", 2023, A, "", "stockanalysis", ""),
    ("harman", "revenue", "Revenue", "13210000000000", "KRW", 2022, A, "", "bizwire", ""),
]


# Each affiliate's default operating margin on a component line: (margin %,
# assumption?, source, basis). companies/migrations/0003 copies these values.
MARGINS = {
    "samsung-sdi": (
        "5.00",
        True,
        "autodiary",
        "About 5%: Samsung SDI's battery segment earned 4.7% in Q1 2024 and 5.4% in Q2 2024.",
    ),
    "harman": (
        "6.70",
        False,
        "bizwire",
        "Harman's 2022 operating profit, 880 billion won on 13.21 trillion won of sales: 6.7%.",
    ),
    "samsung-display": (
        "8.00",
        True,
        None,
        "8% assumed: Samsung Display publishes no margin on automotive displays.",
    ),
    "samsung-electronics": (
        "8.00",
        True,
        None,
        "8% assumed: Samsung Electronics publishes no margin on automotive chips.",
    ),
}


@transaction.atomic
def seed_reference_data():
    """Create whatever of the reference data is missing; returns rows created."""
    created = 0
    sources = {}
    for key, fields in SOURCES.items():
        lookup = {"title": fields["title"], "publisher": fields["publisher"]}
        defaults = {k: v for k, v in fields.items() if k not in lookup}
        sources[key], was_created = Source.objects.get_or_create(**lookup, defaults=defaults)
        created += was_created

    companies = {}
    for name, slug, kind, country, parent, website, description in COMPANIES:
        companies[slug], was_created = Company.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "country": country,
                "parent": companies[parent] if parent else None,
                "website": website,
                "description": description,
            },
        )
        created += was_created

    for slug, (margin, assumption, source, basis) in MARGINS.items():
        # Fill in what is missing; a margin staff set in the admin stays.
        company = companies[slug]
        if company.default_margin_pct is None:
            company.default_margin_pct = Decimal(margin)
            company.default_margin_is_assumption = assumption
            company.default_margin_basis = basis
        if source and company.default_margin_source_id is None:
            company.default_margin_source = sources[source]
        company.save()

    categories = {}
    for name, slug, order, description, value, change, value_kind, source, basis in CATEGORIES:
        categories[slug], was_created = ComponentCategory.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "order": order,
                "description": description,
                "default_value_usd": Decimal(value),
                "default_annual_price_change_pct": Decimal(change),
                "default_value_kind": value_kind,
                "default_value_source": sources[source],
                "default_value_basis": basis,
            },
        )
        created += was_created

    for (
        supplier,
        customer,
        component,
        segment,
        status,
        since,
        evidence,
        source,
        quote,
        notes,
    ) in RELATIONSHIPS:
        relationship, was_created = SupplyRelationship.objects.get_or_create(
            supplier=companies[supplier],
            customer=companies[customer],
            component=categories[component],
            segment=segment,
            defaults={
                "status": status,
                "since_year": since,
                "evidence": evidence,
                "source": sources[source],
                "quote": quote,
                "notes": notes,
            },
        )
        created += was_created
        # A quote is filled in while blank and the row still cites the source it quotes.
        if quote and not relationship.quote and relationship.source_id == sources[source].pk:
            relationship.quote = quote
            relationship.save(update_fields=["quote"])

    for company, metric, label, value, unit, when, kind, qualifier, source, note in FACTS:
        if isinstance(when, tuple):  # a calendar year and the part of it the source gives
            year, period = when
        else:
            year, period = (None, when) if isinstance(when, str) else (when, "")
        fact, was_created = Fact.objects.get_or_create(
            company=companies[company] if company else None,
            metric=metric,
            year=year,
            kind=kind,
            source=sources[source],
            defaults={
                "label": label,
                "value": Decimal(value) if value is not None else None,
                "unit": unit,
                "period": period,
                "qualifier": qualifier,
                "note": note,
            },
        )
        created += was_created
        # Corrections reach a database seeded before them; staff's own edits are kept.
        given = {"period": period, "qualifier": qualifier}
        corrected = {name: value for name, value in given.items() if value and not getattr(fact, name)}
        if corrected:
            for name, given in corrected.items():
                setattr(fact, name, given)
            fact.save(update_fields=list(corrected))
    return created
