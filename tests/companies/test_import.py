"""Spreadsheet import and export of reference data in the admin, used as staff
use it: the import form posted with a file, the preview, then the confirm form."""

import datetime
import io
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from companies.cache import reference_data_stamp
from companies.models import Company, ComponentCategory, Fact, Source, SupplyRelationship
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "docs" / "import"
MODELS = [Source, Company, ComponentCategory, SupplyRelationship, Fact]
CSV, XLSX = "0", "1"  # the import and export forms' format choices


@pytest.fixture
def staff(client, seeded):
    client.force_login(UserFactory(username="importer", is_staff=True, is_superuser=True))
    return client


def admin_url(model, view):
    return reverse(f"admin:companies_{model._meta.model_name}_{view}")


class _HiddenInputs(HTMLParser):
    def __init__(self, form_action):
        super().__init__()
        self.action, self.inside, self.values = form_action, False, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        elif tag == "input" and self.inside and attrs.get("type") == "hidden":
            self.values[attrs["name"]] = attrs.get("value", "")


def confirm_form_data(response, model):
    """The hidden fields of the preview's confirm form, as the browser posts them."""
    parser = _HiddenInputs(admin_url(model, "process_import"))
    parser.feed(response.content.decode())
    assert "import_file_name" in parser.values, "the page offers no confirmation"
    return parser.values


def preview(client, model, content, name="data.csv", file_format=CSV):
    data = content.encode() if isinstance(content, str) else content
    upload = SimpleUploadedFile(name, data)
    form = {"import_file": upload, "format": file_format, "resource": "0"}
    response = client.post(admin_url(model, "import"), form)
    assert response.status_code == 200
    return response


def confirm(client, model, previewed):
    response = client.post(admin_url(model, "process_import"), confirm_form_data(previewed, model))
    return response


def import_file(client, model, content, **kwargs):
    previewed = preview(client, model, content, **kwargs)
    assert not previewed.context["result"].has_validation_errors(), page_text(previewed)
    response = confirm(client, model, previewed)
    assert response.status_code == 302 and response.url == admin_url(model, "changelist")
    return previewed


def page_text(response):
    return response.content.decode()


def database_state():
    return [list(model.objects.order_by("pk").values()) for model in MODELS]


def test_a_valid_file_is_previewed_then_imported_on_confirmation(staff):
    sdi = Company.objects.get(slug="samsung-sdi")
    content = (
        "slug,name,kind,parent,country,default_margin_pct,default_margin_is_assumption\n"
        "samsung-sdi,Samsung SDI,supplier,samsung,South Korea,5.5,true\n"
        "lg-energy-solution,LG Energy Solution,Supplier,,South Korea,4.25,yes\n"
        "samsung-electro-mechanics,Samsung Electro-Mechanics,supplier,samsung,South Korea,,\n"
    )
    companies = Company.objects.count()

    previewed = preview(staff, Company, content)
    html = page_text(previewed)
    assert "1 new, 1 changed, 1 unchanged" in html
    assert Company.objects.count() == companies  # the preview saves nothing
    assert not Company.objects.filter(slug="lg-energy-solution").exists()

    stamp = reference_data_stamp()
    response = confirm(staff, Company, previewed)
    assert response.status_code == 302

    assert Company.objects.count() == companies + 1
    sdi.refresh_from_db()
    assert str(sdi.default_margin_pct) == "5.50"
    assert sdi.default_margin_source is not None  # a column the file leaves out is left as it was
    lg = Company.objects.get(slug="lg-energy-solution")
    assert (lg.name, lg.kind, lg.parent, str(lg.default_margin_pct)) == (
        "LG Energy Solution",
        "supplier",  # typed as its label
        None,
        "4.25",
    )
    assert lg.default_margin_is_assumption is True
    # The admin's own trail: one log entry per row added or changed, none for the unchanged.
    entries = LogEntry.objects.filter(content_type__model="company")
    assert {(entry.object_id, entry.action_flag) for entry in entries} == {
        (str(lg.pk), ADDITION),
        (str(sdi.pk), CHANGE),
    }
    assert reference_data_stamp() != stamp  # cached scenario pages are retired
    assert "Import finished: 1 new, 1 updated" in page_text(staff.get(response.url))


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row_and_column(staff):
    before = database_state()
    content = (
        "slug,name,kind,country\n"
        "samsung-sdi,Samsung SDI renamed,supplier,South Korea\n"
        "lg-energy-solution,LG Energy Solution,battery maker,South Korea\n"
        "sk-on,SK On,supplier,South Korea\n"
    )
    response = preview(staff, Company, content)
    html = page_text(response)
    assert "1 row to fix" in html
    assert "Row 3, column <code>kind</code>: Value &#x27;battery maker&#x27; is not a valid choice." in html
    assert "Confirm import" not in html
    assert database_state() == before


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("kind", "nothing", "is not a valid choice"),
        ("parent", "no-such-group", "No company has the slug “no-such-group”."),
        ("default_margin_pct", "150", "Ensure this value is less than or equal to 100."),
        ("default_margin_pct", "a lot", "Enter a number, not “a lot”."),
        ("default_margin_pct", "1.234", "Ensure that there are no more than 2 decimal places."),
        ("default_margin_is_assumption", "maybe", "Write true or false, not “maybe”."),
        ("website", "http://", "Enter a valid URL."),
        ("name", "", "This field cannot be blank."),
        ("name", "Xiaomi", "Company with this Name already exists."),
        ("parent", "samsung-sdi-2", "This parent would make a loop of groups."),
    ],
)
def test_model_validation_is_a_row_error_naming_the_column(staff, column, value, message):
    # A company whose parent is Samsung SDI: made Samsung SDI's parent, it would close a loop.
    Company.objects.create(
        name="SDI 2", slug="samsung-sdi-2", kind="supplier", parent=Company.objects.get(slug="samsung-sdi")
    )
    row = {"slug": "samsung-sdi", "name": "Samsung SDI", "kind": "supplier", column: value}
    content = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
    before = database_state()
    response = preview(staff, Company, content)
    errors = response.context["result"].invalid_rows
    assert [row.number for row in errors] == [1]  # shown as row 2: the header is row 1
    assert any(message in error for error in errors[0].error_dict[column]), errors[0].error_dict
    assert f"Row 2, column <code>{column}</code>" in page_text(response)
    assert database_state() == before


def relationship_row(supplier="samsung-sdi", customer="byd", component="battery", relationship_id=""):
    source = Source.objects.get(publisher="Founding article").title
    return f'{relationship_id},{supplier},{customer},{component},ev,potential,press,,"{source}",,\n'


RELATIONSHIP_HEADER = "id,supplier,customer,component,segment,status,evidence,since_year,source,quote,notes\n"


def test_a_relationship_that_exists_already_is_refused_as_a_row_error(staff):
    existing = SupplyRelationship.objects.get(
        supplier__slug="samsung-sdi", customer__slug="xiaomi", component__slug="battery", segment="ev"
    )
    before = database_state()
    content = RELATIONSHIP_HEADER + relationship_row() + relationship_row(customer="xiaomi")
    response = preview(staff, SupplyRelationship, content)
    html = page_text(response)
    assert (
        "Row 3, column <code>supplier, customer, component, segment</code>: "
        "This supplier already supplies this customer with this component in this segment."
    ) in html
    assert f"It is the one with id {existing.pk}: give that id to change it." in html
    assert database_state() == before


def test_a_relationship_given_twice_in_one_file_is_refused(staff):
    content = RELATIONSHIP_HEADER + relationship_row() + relationship_row()
    response = preview(staff, SupplyRelationship, content)
    assert [row.number for row in response.context["result"].invalid_rows] == [2]
    assert not SupplyRelationship.objects.filter(supplier__slug="samsung-sdi", customer__slug="byd").exists()


def test_a_row_refused_on_confirmation_rolls_back_the_rows_before_it(staff):
    """The data changed between the preview and the confirmation: one
    transaction, so the valid first row is not kept either."""
    content = RELATIONSHIP_HEADER + relationship_row() + relationship_row(customer="google")
    previewed = preview(staff, SupplyRelationship, content)
    assert previewed.context["result"].totals["new"] == 2
    SupplyRelationship.objects.create(
        supplier=Company.objects.get(slug="samsung-sdi"),
        customer=Company.objects.get(slug="google"),
        component=ComponentCategory.objects.get(slug="battery"),
        segment="ev",
        status="potential",
        source=Source.objects.first(),
    )
    before = database_state()
    response = confirm(staff, SupplyRelationship, previewed)
    assert response.status_code == 200
    html = page_text(response)
    assert "Nothing was imported" in html
    assert "Row 3, column <code>supplier, customer, component, segment</code>" in html
    assert database_state() == before
    assert not LogEntry.objects.exists()


def test_an_id_that_is_no_row_is_refused(staff):
    content = RELATIONSHIP_HEADER + relationship_row(relationship_id="987654")
    response = preview(staff, SupplyRelationship, content)
    assert "Row 2, column <code>id</code>: No supply relationship has the id 987654" in page_text(response)


def test_a_relationship_is_changed_through_its_id_and_sources_are_named_by_title_or_id(staff):
    relationship = SupplyRelationship.objects.get(
        supplier__slug="catl", customer__slug="xiaomi", component__slug="battery"
    )
    source = Source.objects.get(publisher="BloombergNEF")
    content = RELATIONSHIP_HEADER + (
        f"{relationship.pk},catl,xiaomi,battery,ev,ended,customer,2024,{source.pk},,Moved on.\n"
    )
    import_file(staff, SupplyRelationship, content)
    relationship.refresh_from_db()
    assert (relationship.status, relationship.evidence) == ("ended", "customer")
    assert relationship.since_year == 2024
    assert (relationship.source, relationship.notes) == (source, "Moved on.")


def test_an_import_of_relationships_retires_cached_scenario_pages(staff, django_capture_on_commit_callbacks):
    """Relationships decide a scenario's evidence coverage; saving one sends no
    signal that moves the stamp, so the import moves it once it has committed."""
    stamp = reference_data_stamp()
    with django_capture_on_commit_callbacks(execute=True):
        import_file(staff, SupplyRelationship, RELATIONSHIP_HEADER + relationship_row())
    assert reference_data_stamp() != stamp


# Control characters: refused in every cell, as the editor's forms refuse them;
# tab and line breaks are text in the long texts (description, notes) only.
@pytest.mark.parametrize("character", ["\x00", "\x01", "\x0b", "\x1f", "\x7f", "\t", "\n"], ids=repr)
def test_a_control_character_in_a_name_is_a_row_error(staff, character):
    before = database_state()
    content = f'slug,name,kind\nnew-co,"New{character}Co",supplier\n'
    response = preview(staff, Company, content)
    html = page_text(response)
    assert response.context["result"].has_validation_errors()
    assert "Row 2, column <code>name</code>:" in html
    assert "Null characters are not allowed." in html or "Remove the invisible control character" in html
    assert database_state() == before


def test_line_breaks_and_tabs_are_kept_in_a_description_and_its_page_shows_it(staff):
    import_file(staff, Company, 'slug,name,kind,description\nnew-co,New Co,supplier,"One\nTwo\tThree"\n')
    assert Company.objects.get(slug="new-co").description == "One\nTwo\tThree"
    assert staff.get(reverse("companies:detail", args=["new-co"])).status_code == 200


def workbook(rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_typed_by_hand_imports(staff):
    """Dates and numbers as cells, a choice by its label, an empty unnamed
    column and the empty rows a spreadsheet leaves at its end."""
    content = workbook(
        [
            ["id", "title", "publisher", "published_on", "address", None],
            [None, "SK On 2024 results", "SK On", datetime.datetime(2025, 2, 5), "www.skon.com", None],
            [None, None, None, None, None, None],
            [None, None, None, None, None, None],
        ]
    )
    import_file(staff, Source, content, name="sources.xlsx", file_format=XLSX)
    source = Source.objects.get(title="SK On 2024 results")
    assert (source.published_on, source.address) == (datetime.date(2025, 2, 5), "https://www.skon.com")
    content = workbook(
        [
            ["id", "company", "metric", "label", "value", "unit", "year", "kind", "source"],
            [None, "byd", "revenue", "Revenue", 500000000000, "CNY", 2022, "Reported actual", source.pk],
        ]
    )
    import_file(staff, Fact, content, name="facts.xlsx", file_format=XLSX)
    fact = Fact.objects.get(company__slug="byd", year=2022)
    assert (fact.value, fact.kind, fact.source) == (500000000000, "actual", source)


def test_a_control_character_in_a_slug_is_refused_before_any_lookup(staff):
    response = preview(staff, Company, "slug,name,kind\nnew\x00co,New Co,supplier\n")
    assert "Row 2, column <code>slug</code>: Null characters are not allowed." in page_text(response)


def test_an_unknown_column_is_named_and_nothing_is_imported(staff):
    before = database_state()
    response = preview(staff, Company, "slug,name,kind,margin\nnew-co,New Co,supplier,5\n")
    html = page_text(response)
    assert "Unknown column: “margin”." in html and "Traceback" not in html
    assert "Confirm import" not in html
    assert database_state() == before


def test_a_file_that_is_not_utf8_is_a_form_error(staff):
    response = preview(staff, Company, "slug,name,kind\nnew-co,Soci\xe9t\xe9,supplier\n".encode("latin-1"))
    assert response.context["form"].errors["import_file"]


def test_a_tampered_confirm_form_is_refused_without_reading_anything(staff):
    previewed = preview(staff, Company, "slug,name,kind\nnew-co,New Co,supplier\n")
    good = confirm_form_data(previewed, Company)
    for changes in (
        {"import_file_name": "../../etc/passwd"},
        {"format": "7"},
        {"format": "x"},
        {"resource": "3"},
        {"import_file_name": "0" * 32},  # the shape of an upload, but none was made
    ):
        response = staff.post(admin_url(Company, "process_import"), good | changes)
        assert response.status_code in (200, 302), changes
    assert not Company.objects.filter(slug="new-co").exists()
    assert staff.post(admin_url(Company, "process_import"), good).status_code == 302
    assert Company.objects.filter(slug="new-co").exists()
    # Confirming the same upload twice imports it once.
    again = staff.post(admin_url(Company, "process_import"), good)
    assert again.status_code == 302 and again.url == admin_url(Company, "import")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_users_who_are_not_staff_cannot_reach_import_or_export(client, seeded, model):
    before = database_state()
    analyst = Client()
    analyst.force_login(UserFactory(username="analyst-not-staff"))
    # Anonymous visitors get the site's log-in page first (LoginRequiredMiddleware).
    for visitor, login in ((analyst, reverse("admin:login")), (Client(), reverse("login"))):
        for view in ("import", "process_import", "export"):
            for method in (visitor.get, visitor.post):
                response = method(admin_url(model, view), {"format": CSV, "resource": "0"})
                assert response.status_code == 302, (view, method)
                assert response.url.startswith(login)
    assert database_state() == before


def test_staff_without_the_add_and_change_permissions_may_not_import(client, seeded):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(username="viewer-staff", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_company"))
    client.force_login(viewer)
    assert client.get(admin_url(Company, "import")).status_code == 403
    assert client.get(admin_url(Company, "export")).status_code == 200
    assert "Import</a>" not in page_text(client.get(admin_url(Company, "changelist")))


SAMPLE_FILES = {
    Company: "companies.csv",
    Source: "sources.csv",
    ComponentCategory: "component-categories.csv",
    SupplyRelationship: "supply-relationships.csv",
    Fact: "facts.csv",
}


@pytest.mark.parametrize("model", SAMPLE_FILES, ids=lambda m: m.__name__)
def test_each_sample_file_imports_cleanly_into_the_demo_data(staff, model):
    content = (SAMPLES / SAMPLE_FILES[model]).read_text()
    rows = len(content.strip().splitlines()) - 1
    before = model.objects.count()
    previewed = import_file(staff, model, content)
    totals = previewed.context["result"].totals
    assert totals["new"] + totals["update"] + totals["skip"] == rows
    # Rows already there (companies and components by slug) are matched, not added again.
    assert model.objects.count() == before + totals["new"]
    if model is Company:
        assert totals["new"] == 1 and Company.objects.filter(slug="samsung-sdi").count() == 1
    if "id" in previewed.context["result"].diff_headers:
        # The preview's save is rolled back: it shows no id the confirmed import may not give.
        assert all(row.diff[0] == "" for row in previewed.context["result"].valid_rows())


def test_the_sample_files_import_one_after_another(staff):
    for model, name in SAMPLE_FILES.items():
        import_file(staff, model, (SAMPLES / name).read_text())


def export(client, model, file_format):
    response = client.post(admin_url(model, "export"), {"format": file_format, "resource": "0"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


@pytest.mark.parametrize("file_format", [CSV, XLSX], ids=["csv", "xlsx"])
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_an_export_imports_again_unchanged(staff, model, file_format):
    # Text a spreadsheet would take for a formula, and a value of every kind.
    Company.objects.filter(slug="byd").update(description='=HYPERLINK("http://x")', country="-")
    Source.objects.filter(publisher="BloombergNEF").update(excerpt="'=1+1 quoted")
    Fact.objects.filter(metric="revenue").update(note="@note")
    before = database_state()
    content = export(staff, model, file_format)
    name = "export.csv" if file_format == CSV else "export.xlsx"
    previewed = import_file(staff, model, content, name=name, file_format=file_format)
    totals = previewed.context["result"].totals
    assert totals["skip"] == model.objects.count() > 0
    assert totals["new"] == totals["update"] == 0
    assert database_state() == before


def test_exported_text_never_runs_as_a_formula(staff):
    Company.objects.filter(slug="byd").update(description='=HYPERLINK("http://x")')
    csv_text = export(staff, Company, CSV).decode()
    assert "'=HYPERLINK" in csv_text
    book = load_workbook(io.BytesIO(export(staff, Company, XLSX)))
    cells = [
        cell for row in book.active.iter_rows() for cell in row if cell.value == '=HYPERLINK("http://x")'
    ]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_stored_control_characters_still_export(staff):
    """Text staff typed in the admin before any import; an .xlsx cannot hold it."""
    Company.objects.filter(slug="byd").update(name="BYD\x0bAuto")
    book = load_workbook(io.BytesIO(export(staff, Company, XLSX)))
    assert "BYD\ufffdAuto" in [row[1] for row in book.active.iter_rows(values_only=True)]
    assert "BYD\ufffdAuto" in export(staff, Company, CSV).decode()


def test_the_import_and_export_pages_open_and_the_changelists_link_to_them(staff):
    for model in MODELS:
        changelist = page_text(staff.get(admin_url(model, "changelist")))
        assert admin_url(model, "import") in changelist and admin_url(model, "export") in changelist
        assert staff.get(admin_url(model, "import")).status_code == 200
        assert staff.get(admin_url(model, "export")).status_code == 200


HOSTILE = ["\x00", "\x01", "\x0b", "\x1f", "\x7f", "\ud800"]


@pytest.mark.parametrize("character", HOSTILE, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_hostile_characters_in_a_file_or_the_forms_never_give_a_5xx(staff, model, character):
    """As tests/security/test_control_and_nul_bytes.py walks the rest of the admin:
    in every cell of a file, in the headers, in the posted fields. Nothing is stored."""
    staff.raise_request_exception = False
    before = database_state()
    columns, cell = SAMPLE_HEADERS[model], f"x{character}y"
    files = [
        [[*columns, cell], [cell] * (len(columns) + 1)],  # in a heading
        [columns, [cell] * len(columns), [cell] * (len(columns) - 1)],  # in every cell, a row short
    ]
    statuses = []
    for rows in files:
        content = "\n".join(",".join(row) for row in rows).encode("utf-8", "surrogatepass")
        for file_format in (CSV, XLSX):
            upload = SimpleUploadedFile("hostile.csv", content)
            form = {"import_file": upload, "format": file_format, "resource": "0"}
            statuses.append(staff.post(admin_url(model, "import"), form).status_code)
    body = "&".join(
        f"{key}=x{quote(character, errors='surrogatepass')}"
        for key in ("import_file_name", "original_file_name", "format", "resource", "import_file")
    )
    for view in ("import", "process_import", "export"):
        response = staff.post(admin_url(model, view), body, content_type="application/x-www-form-urlencoded")
        statuses.append(response.status_code)
        query = f"format=x{quote(character, errors='surrogatepass')}"
        statuses.append(staff.get(f"{admin_url(model, view)}?{query}").status_code)
    assert all(status < 500 for status in statuses), statuses
    assert database_state() == before


SAMPLE_HEADERS = {
    model: (SAMPLES / name).read_text().splitlines()[0].split(",") for model, name in SAMPLE_FILES.items()
}
