"""Demo logins and example scenarios, so a newcomer sees the product at once."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from companies.models import Company
from pipelines import services as pipeline_services
from pipelines.models import Pipeline
from scenarios import selectors, services
from scenarios.models import Scenario

from .seed import seed_reference_data

DEMO_USER = ("demo", "partnership-demo")
STAFF_USER = ("staff", "partnership-staff")
ANALYST_USER = ("analyst", "partnership-analyst")

AMBITIOUS_NAME = "Samsung as lead EV supplier"
AMBITIOUS_DESCRIPTION = (
    "The case for Samsung as Xiaomi's main EV supplier rather than one of several: Xiaomi "
    "delivers what it has announced for its first years, then grows fast as it starts selling "
    "abroad, and Samsung's affiliates win most of each component once supply starts. Samsung "
    "SDI builds battery capacity for the deal before supply begins (an assumption), so the "
    "case shows what that outlay returns."
)


BEAR_NAME = "Article baseline: bear case"
BULL_NAME = "Article baseline: bull case"
BYD_NAME = "Samsung supplies BYD"
BYD_DESCRIPTION = (
    "Only the areas named when Samsung's chairman visited BYD on 24 March 2025: Harman digital "
    "cockpits, Samsung Display OLED and Samsung Electro-Mechanics capacitors. The volume starts "
    "from what BYD sold in 2024 (on BYD's page, with its source); the shares, the start year and "
    "the growth are assumptions."
)
BEAR_DESCRIPTION = (
    "The downside: Xiaomi's EV sales slow as the price war in China deepens, and Xiaomi keeps "
    "more of its current Chinese suppliers to hold down costs, so Samsung's affiliates win less "
    "and later. The inputs are assumptions."
)
BULL_DESCRIPTION = (
    "The upside: Xiaomi's cars sell abroad as well as at home, and Xiaomi turns to Samsung's "
    "affiliates early to secure supply for that growth. The inputs are assumptions."
)
PIPELINE_NAME = "Samsung's EV pursuits"
PIPELINE_DESCRIPTION = (
    "The two visits of March 2025: Xiaomi (22 March) as bear, base and bull cases, and BYD "
    "(24 March). The chances of winning are assumptions."
)


def _user(username, password, **flags):
    user, created = get_user_model().objects.get_or_create(username=username, defaults=flags)
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed_demo():
    """Reference data, three logins and two example scenarios; safe to run again."""
    seed_reference_data()
    demo = _user(*DEMO_USER)
    _user(*STAFF_USER, is_staff=True, is_superuser=True)
    analyst = _user(*ANALYST_USER)

    if not Scenario.objects.filter(owner=demo, name="Article baseline").exists():
        services.scenario_create_from_preset(owner=demo, name="Article baseline")

    if not Scenario.objects.filter(owner=analyst, name=AMBITIOUS_NAME).exists():
        scenario = services.scenario_create_from_preset(owner=analyst, name=AMBITIOUS_NAME)
        scenario.description = AMBITIOUS_DESCRIPTION
        scenario.visibility = Scenario.Visibility.SHARED
        scenario.first_year_volume = 410_000
        scenario.annual_growth_pct = Decimal("25")
        scenario.horizon_years = 8
        scenario.volume_overrides = {"2026": 550_000}
        scenario.save()
        scenario.lines.update(share_pct=Decimal("80"))
        # Battery capacity for the deal, before supply starts: so IRR and payback show.
        scenario.lines.filter(category__slug="battery").update(
            upfront_cost_usd=Decimal("150000000"), upfront_year=2025
        )
        _settle(scenario)
    _seed_pipeline(demo, analyst)


def _settle(scenario):
    """A scenario built in one step: its first version is this final state."""
    scenario.versions.update(inputs=selectors.stored_inputs(scenario))
    services.scenario_headlines_refresh(scenario=scenario)


def _case_of_baseline(owner, name, description, *, growth, share, start):
    scenario = Scenario.objects.filter(owner=owner, name=name).first()
    if scenario is None:
        scenario = services.scenario_create_from_preset(owner=owner, name=name)
        scenario.description = description
        scenario.annual_growth_pct = Decimal(growth)
        scenario.save()
        scenario.lines.update(share_pct=Decimal(share), supply_start_year=start)
        _settle(scenario)
    return scenario


def _byd_scenario(analyst):
    scenario = Scenario.objects.filter(owner=analyst, name=BYD_NAME).first()
    if scenario is None:
        scenario = services.scenario_create(
            owner=analyst,
            name=BYD_NAME,
            description=BYD_DESCRIPTION,
            customer=Company.objects.get(slug="byd"),
            supplier_group=Company.objects.get(slug="samsung"),
            defaults={
                "first_year": 2026,
                "horizon_years": 6,
                "first_year_volume": 4_270_000,
                "annual_growth_pct": 5,
                "share_pct": 0,
                "supply_start_year": 2027,
            },
        )
        scenario.visibility = Scenario.Visibility.SHARED
        scenario.save()
        # Only the areas named at the meeting; the rest stays at no share.
        scenario.lines.filter(category__slug__in=["infotainment", "display", "mlcc"]).update(
            share_pct=Decimal("10")
        )
        _settle(scenario)
    return scenario


def _seed_pipeline(demo, analyst):
    """The demo's pipeline: Xiaomi's baseline between a bear and a bull case, and BYD."""
    baseline = Scenario.objects.get(owner=demo, name="Article baseline")
    bear = _case_of_baseline(
        demo,
        BEAR_NAME,
        BEAR_DESCRIPTION,
        growth=10,
        share=30,
        start=2027,
    )
    bull = _case_of_baseline(
        demo,
        BULL_NAME,
        BULL_DESCRIPTION,
        growth=30,
        share=70,
        start=2026,
    )
    byd = _byd_scenario(analyst)
    if Pipeline.objects.filter(owner=demo, name=PIPELINE_NAME).exists():
        return
    pipeline = pipeline_services.pipeline_create(
        owner=demo, name=PIPELINE_NAME, description=PIPELINE_DESCRIPTION
    )
    xiaomi = pipeline_services.deal_add(
        pipeline=pipeline,
        scenario=baseline,
        user=demo,
        probability_pct=Decimal("60"),
        name="Xiaomi EV supply",
        label="base",
    )
    for scenario, label in ((bear, "bear"), (bull, "bull")):
        pipeline_services.case_add(deal=xiaomi, scenario=scenario, user=demo, label=label)
    cases = {case.label: case.pk for case in xiaomi.cases.all()}
    pipeline_services.deal_terms_set(
        deal=xiaomi,
        user=demo,
        probability_pct=Decimal("60"),
        weights={cases["bear"]: Decimal("25"), cases["base"]: Decimal("50"), cases["bull"]: Decimal("25")},
    )
    pipeline_services.deal_add(
        pipeline=pipeline,
        scenario=byd,
        user=demo,
        probability_pct=Decimal("30"),
        name="BYD cockpits, displays and capacitors",
        label="base",
    )
