"""The mapping step as a coordinator sees it in Chromium, in English and in Arabic: a ministry's
matrix mapped column by column with values for the whole file, previewed with its
institutions, imported, and its mapping offered again for the next matrix."""

import pytest
from playwright.sync_api import expect

from rectrack.conftest import PASSWORD, browser_sign_in
from rectrack.followup.models import Assignment
from rectrack.imports.tests.test_mapping import EXPECTED, MATRIX, assignments_by_reference
from rectrack.imports.tests.test_tabular import xlsx_bytes
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Document
from rectrack.recommendations.tests.test_browser import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _setup(settings, tmp_path, coordinator):
    from rectrack.conftest import reference_data

    reference_data()
    settings.RECTRACK_IMPORTS_IN_BACKGROUND = False
    settings.VAR_DIR = tmp_path
    for code, name in {
        "MOJ": "Ministry of Justice",
        "MOH": "Ministry of Health",
        "MOE": "Ministère de l'Éducation",
        "OMB": "Ombudsman's Office",
    }.items():
        Institution.objects.create(code=code, name=name)


def _upload(page, live_server, tmp_path, name: str, rows) -> None:
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows))
    page.goto(live_server.url + "/imports/new/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.usefixtures("_setup")
@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_coordinator_maps_a_matrix_with_fixed_values_in_the_browser(
    live_server, browser_context, coordinator, tmp_path, language
):
    page = browser_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15000)
    browser_sign_in(page, live_server, coordinator.username, PASSWORD)
    if language != "en":
        page.goto(live_server.url + "/imports/")
        page.select_option("#language-select", language)
        page.locator(".language-form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.dir") == "rtl"
    _upload(page, live_server, tmp_path, "matrix.xlsx", MATRIX)

    form = page.locator("form[action$='/mapping/']")
    expect(form).to_be_visible()
    for field, column in {
        "map_text": "Recommendation",
        "map_reference": "No.",
        "map_lead_institution": "Responsible ministry",
        "map_supporting_institutions": "Supporting",
        "map_position": "Status",
    }.items():
        form.locator(f"select[name={field}]").select_option(column)
    form.locator("input[name=fixed_mechanism]").fill("CAT")
    form.locator("input[name=fixed_country]").fill("Valdoria")
    form.locator("input[name=fixed_document]").fill("CAT/C/VAL/CO/1")
    form.locator("input[name=fixed_date]").fill("2024-05-01")
    form.locator("select[name=fixed_type]").select_option("observation")
    form.locator("input[name=name]").fill("Valdoria CAT matrix")
    page.screenshot(path=str(tmp_path / f"mapping-{language}.png"), full_page=True)
    assert serious_violations(page) == []
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    status = page.locator("#import-status")
    expect(status).to_contain_text("CAT/C/VAL/CO/1")
    expect(status).to_contain_text("Valdoria")
    expect(status).to_contain_text("Ministry of Magic")
    expect(status).to_contain_text("row 5, row 6")
    page.screenshot(path=str(tmp_path / f"preview-{language}.png"), full_page=True)
    assert serious_violations(page) == []
    assert Assignment.objects.count() == 0
    status.locator("form[action$='/confirm/'] button").click()
    page.wait_for_load_state()
    expect(status).to_contain_text("9")
    assert Document.objects.get().symbol == "CAT/C/VAL/CO/1"
    assert assignments_by_reference() == EXPECTED

    second = [["STATUS", "no.", "Recommendation", "Responsible Ministry", "Supporting"]]
    second.append(["Supported", "6", "Ratify the Optional Protocol", "MOJ", ""])
    _upload(page, live_server, tmp_path, "matrix-2025.xlsx", second)
    expect(page.get_by_text("Valdoria CAT matrix")).to_be_visible()
    expect(page.locator("select[name=map_text]")).to_have_value("Recommendation")
    expect(page.locator("input[name=fixed_document]")).to_have_value("CAT/C/VAL/CO/1")
    page.screenshot(path=str(tmp_path / f"offered-{language}.png"), full_page=True)
