"""Demo logins and example scenarios, so a newcomer sees the product at once."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from scenarios import selectors, services
from scenarios.models import Scenario

from .seed import seed_reference_data

DEMO_USER = ("demo", "partnership-demo")
STAFF_USER = ("staff", "partnership-staff")
ANALYST_USER = ("analyst", "partnership-analyst")

AMBITIOUS_NAME = "Samsung as lead EV supplier"
AMBITIOUS_DESCRIPTION = (
    "Xiaomi follows its reported path (410,000 in 2025, 550,000 in 2026) and then grows 25% a "
    "year as it goes global from 2027; Samsung's affiliates win 80% of each component from 2026, "
    "battery prices falling 6% a year. Samsung SDI spends $150M up front in 2025 on battery "
    "capacity for the deal (an assumption)."
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
        # Built in one step, so its first version is this final state.
        scenario.versions.update(inputs=selectors.stored_inputs(scenario))
        services.scenario_headlines_refresh(scenario=scenario)
