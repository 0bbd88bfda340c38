"""Report documents, opened with python-docx and checked against the fixture (conftest): each
recommendation once, in its group, with its status, actions and approved narratives only."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult
from docx import Document
from docx.oxml.ns import qn

from rectrack.core.config import tasks_config
from rectrack.core.worker import tasks_of_stopped_workers_fail, worker_id_new
from rectrack.followup.services.updates import progress_update_create, progress_update_return
from rectrack.recommendations.models import SavedView
from rectrack.recommendations.selectors import RecommendationFilters
from rectrack.recommendations.tests.factories import make_recommendation
from rectrack.reports.documents import report_document
from rectrack.reports.documents.templates import TEMPLATES, Part

pytestmark = pytest.mark.django_db
BUILDER = reverse("reports:builder")
SECRETARIAT = "Status set directly by the secretariat."


def outline(content: bytes) -> dict:
    """The document's title, its level-1 sections in order, the recommendations (level-2
    headings) under each, and the paragraphs under each recommendation."""
    document = Document(io.BytesIO(content))
    title, sections, texts, current, entry = "", [], {}, None, None
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if style == "Title":
            title = paragraph.text
        elif style == "Heading 1":
            current = (paragraph.text, [])
            sections.append(current)
            entry = None
        elif style == "Heading 2":
            entry = paragraph.text
            current[1].append(entry)
            texts[entry] = []
        elif entry is not None:
            texts[entry].append(paragraph.text)
    return {"title": title, "sections": sections, "texts": texts, "document": document}


def heading(recommendation) -> str:
    document = recommendation.document
    return f"{document.mechanism.code} {document.symbol} {recommendation.reference}"


def test_upr_mid_term_report_groups_current_upr_recommendations_by_cluster(
    data, viewer, coordinator
):
    r1, r2, _r3, _r4, r5 = data.recs
    returned = progress_update_create(
        user=data.focal,
        recommendation=r1,
        narrative="Returned draft.",
        status="implemented",
        submit=True,
    )
    progress_update_return(update=returned, reviewer=coordinator, comment="Evidence?")
    progress_update_create(  # a draft, never submitted
        user=data.focal, recommendation=r1, narrative="Unsent draft.", status="implemented"
    )
    report = report_document(user=viewer, template=TEMPLATES["upr-mid-term"])
    assert report.file_name.startswith("upr-mid-term-report-")
    assert report.recommendations == 2  # r5's review is superseded; CEDAW is not UPR
    found = outline(report.content)
    assert found["title"] == "UPR mid-term report"
    assert [name for name, _entries in found["sections"]] == [
        "Summary",
        "Violence",
        "Not grouped",
        "Annex: all recommendations",
    ]
    sections = dict(found["sections"])
    assert sections["Violence"] == [heading(r1)]
    assert sections["Not grouped"] == [heading(r2)]
    assert heading(r5) not in found["texts"]
    first = found["texts"][heading(r1)]
    assert first[0] == r1.text
    assert "Position: Supported" in first
    assert "Implementation status: Implemented" in first
    assert any(
        line.startswith("Train judges (Ministry of Justice; Ongoing; deadline") for line in first
    )
    assert any(line.endswith(f"Implemented: {SECRETARIAT}") for line in first)
    everything = "\n".join(p.text for p in found["document"].paragraphs)
    assert "Law adopted." not in everything  # submitted, not approved
    assert "Returned draft." not in everything and "Drafting." not in everything
    assert "Unsent draft." not in everything
    second = found["texts"][heading(r2)]
    progress = [line for line in second if SECRETARIAT in line]
    assert [line.split(" · ")[1].split(":")[0] for line in progress] == [
        "Not started",
        "In progress",
    ]  # oldest first


def test_the_annex_lists_every_recommendation_with_a_header_row_repeated(data, viewer):
    report = report_document(
        user=viewer, template=TEMPLATES["treaty-follow-up"], filters=RecommendationFilters()
    )
    document = Document(io.BytesIO(report.content))
    summary, annex = document.tables
    header = annex.rows[0]
    assert [cell.text for cell in header.cells] == [
        "Reference",
        "Recommendation",
        "Position",
        "Status",
        "Group",
    ]  # the source stands under each recommendation in the body
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert summary.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = {row.cells[0].text: row for row in annex.rows[1:]}
    assert set(rows) == {heading(r) for r in data.recs[:4]}
    r3 = data.recs[2]
    assert rows[heading(r3)].cells[3].text == "No information"
    assert rows[heading(r3)].cells[4].text == "Women's rights"  # its top-level theme
    totals = [cell.text for cell in summary.rows[-1].cells]
    assert totals == ["All recommendations", "1", "0", "1", "0", "0", "2", "4"]


def test_treaty_follow_up_groups_by_top_level_theme(data, viewer):
    report = report_document(user=viewer, template=TEMPLATES["treaty-follow-up"])
    sections = dict(outline(report.content)["sections"])
    r3, r4 = data.recs[2], data.recs[3]
    assert sections["Women's rights"] == [heading(r3)]  # Violence is narrower than Women
    assert sections["Not grouped"] == [heading(r4)]


def test_implementation_plan_lists_actions_by_lead_institution(data, viewer):
    data.overdue_cedaw.supporting_institutions.add(data.moh)
    report = report_document(
        user=viewer,
        template=TEMPLATES["implementation-plan"],
        filters=RecommendationFilters(),
    )
    found = outline(report.content)
    sections = dict(found["sections"])
    r1, r2, r3, r4, _r5 = data.recs
    assert sections["Ministry of Health"] == [heading(r2)]
    assert sorted(sections["Ministry of Justice"]) == sorted([heading(r1), heading(r3)])
    assert sections["Not grouped"] == [heading(r4)]
    actions = [line for line in found["texts"][heading(r3)] if "(Ministry of Justice;" in line]
    assert [line.split(" (")[0] for line in actions] == ["Amend penal code", "Open shelters"]
    assert actions[0].startswith("Amend penal code (Ministry of Justice; with Ministry of Health;")
    everything = "\n".join(p.text for p in found["document"].paragraphs)
    assert SECRETARIAT not in everything  # the plan has no progress part


def test_period_and_parts_narrow_the_report(data, viewer):
    today = timezone.localdate()
    report = report_document(
        user=viewer,
        template=TEMPLATES["upr-mid-term"],
        period_start=today - datetime.timedelta(days=30),
        parts=(Part.RECOMMENDATIONS, Part.PROGRESS),
        title="Mid-term <b>draft</b>",
    )
    found = outline(report.content)
    assert found["title"] == "Mid-term <b>draft</b>"  # text, never markup
    assert [name for name, _entries in found["sections"]] == ["Violence", "Not grouped"]
    r1, r2 = data.recs[0], data.recs[1]
    assert not any(SECRETARIAT in line for line in found["texts"][heading(r1)])  # 3 months ago
    recent = [line for line in found["texts"][heading(r2)] if SECRETARIAT in line]
    assert len(recent) == 1 and "In progress" in recent[0]
    assert not any("Train judges" in line for line in found["texts"][heading(r1)])


def test_builder_page_offers_the_templates_and_downloads_a_report(client, data, viewer):
    client.force_login(viewer)
    page = client.get(BUILDER, {"filters": "mechanism=CEDAW"}).content.decode()
    assert "UPR mid-term report" in page and "Institution status report" in page
    assert 'value="mechanism=CEDAW"' in page
    response = client.post(
        BUILDER, {"template": "institution-status", "filters": "mechanism=CEDAW", "format": "docx"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="institution-')
    sections = dict(outline(response.content)["sections"])
    assert sections["Ministry of Justice"] == [heading(data.recs[2])]


def test_builder_uses_a_saved_view_and_checks_the_period(client, data, viewer):
    view = SavedView.objects.create(user=viewer, name="UPR", query_string="mechanism=UPR")
    client.force_login(viewer)
    choices = {"template": "treaty-follow-up", "saved_view": view.pk, "format": "docx"}
    response = client.post(BUILDER, choices)
    texts = outline(response.content)["texts"]
    assert set(texts) == {heading(data.recs[0]), heading(data.recs[1])}
    response = client.post(
        BUILDER,
        {
            "template": "upr-mid-term",
            "format": "pdf",
            "period_start": "2026-05-01",
            "period_end": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "The period ends before it starts." in response.content.decode()


def test_another_users_saved_view_is_not_a_choice(client, data, viewer, coordinator):
    theirs = SavedView.objects.create(user=coordinator, name="Theirs", query_string="")
    client.force_login(viewer)
    response = client.post(
        BUILDER, {"template": "upr-mid-term", "saved_view": theirs.pk, "format": "docx"}
    )
    assert "Select a valid choice" in response.content.decode()


def test_anonymous_users_cannot_build_reports(client, data):
    response = client.post(BUILDER, {"template": "upr-mid-term"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_report_costs_a_fixed_number_of_queries(
    data, viewer, coordinator, django_assert_max_num_queries
):
    """However many recommendations, actions, indicators and narratives it holds."""
    from rectrack.followup.models import Action
    from rectrack.followup.services.planning import action_create, indicator_create
    from rectrack.followup.services.updates import recommendation_status_set

    for n in range(30):
        recommendation = make_recommendation(
            document=data.recs[0].document, clusters=[data.cluster], themes=[data.women]
        )
        action = action_create(
            user=coordinator,
            title=f"Measure {n}",
            lead_institution=data.moj,
            status=Action.Status.ONGOING,
            links={"recommendations": [recommendation], "supporting_institutions": [data.moh]},
        )
        indicator_create(user=coordinator, title=f"Indicator {n}", actions=[action])
        recommendation_status_set(
            recommendation=recommendation, status="in_progress", user=coordinator
        )
    for format in ("docx", "pdf"):
        with django_assert_max_num_queries(25):
            report = report_document(
                user=viewer,
                template=TEMPLATES["implementation-plan"],
                filters=RecommendationFilters(),
                parts=tuple(Part.values),
                format=format,
            )
        assert report.recommendations == 34


def test_every_template_scopes_a_real_kind_of_mechanism_and_real_parts():
    from rectrack.recommendations.models import Mechanism

    for template in TEMPLATES.values():
        assert template.kind in ("", *Mechanism.Kind.values), template.key
        assert set(template.parts) <= set(Part.values), template.key


def test_the_summary_draws_its_charts_with_their_titles(data, viewer):
    report = report_document(user=viewer, template=TEMPLATES["upr-mid-term"])
    document = Document(io.BytesIO(report.content))
    titles = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert titles == ["Implementation status by group", "Recommendations by position"]


def test_the_pdf_holds_the_same_report_with_an_outline(data, viewer, coordinator):
    from pypdf import PdfReader

    report = report_document(
        user=viewer,
        template=TEMPLATES["upr-mid-term"],
        format="pdf",
        title="Mid-term <script>alert(1)</script> & co",
    )
    assert report.file_name.endswith(".pdf") and report.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(report.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    r1, r2 = data.recs[0], data.recs[1]
    assert "Mid-term <script>alert(1)</script> & co" in text  # escaped, shown as written
    assert text.count(heading(r1)) == 2 and text.count(heading(r2)) == 2  # body and annex
    assert "Implementation status: Implemented" in text
    assert SECRETARIAT in text
    assert "Law adopted." not in text and "Drafting." not in text
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline == ["Summary", "Violence", "Not grouped", "Annex: all recommendations"]
    assert reader.outline[1].title == "Violence"
    violence = reader.outline[2]  # the entries nested under it
    assert [item.title for item in violence if not isinstance(item, list)] == [heading(r1)]
    assert [item.title for item in violence[1]] == ["Actions taken", "Progress"]


def test_builder_downloads_a_pdf(client, data, viewer):
    client.force_login(viewer)
    response = client.post(BUILDER, {"template": "upr-mid-term", "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_a_larger_report_is_drafted_in_the_background_for_its_owner_only(
    client, committed_data, viewer, coordinator, settings, tmp_path, task_queue
):
    settings.RECTRACK_REPORT_BACKGROUND_ABOVE = 1
    settings.VAR_DIR = tmp_path
    client.force_login(viewer)
    response = client.post(BUILDER, {"template": "upr-mid-term", "format": "docx"})
    assert response.status_code == 302
    job_url = response["Location"]
    assert job_url.startswith("/reports/jobs/")
    waiting = client.get(job_url).content.decode()
    assert "Waiting to start: the work begins as soon as the background worker is free." in waiting
    task_queue.run()  # the queued job, run as `rectrack worker` does
    page = client.get(job_url).content.decode()
    assert "The report is ready: 2 recommendations." in page
    download = client.get(job_url + "download/")
    assert download["Content-Disposition"].startswith('attachment; filename="upr-mid-term-')
    sections = dict(outline(b"".join(download.streaming_content))["sections"])
    assert sections["Violence"] == [heading(committed_data.recs[0])]
    assert len(list((tmp_path / "reports").iterdir())) == 1
    client.force_login(coordinator)  # nobody else sees or downloads it
    assert client.get(job_url).status_code == 404
    assert client.get(job_url + "download/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_report_whose_worker_was_killed_says_it_could_not_be_drafted(
    client, committed_data, viewer, settings, tmp_path
):
    """The worker drafting it died (rectrack.core.worker fails its task): the job page says
    the report could not be drafted, not "drafting" for ever."""
    settings.RECTRACK_REPORT_BACKGROUND_ABOVE = 1
    settings.VAR_DIR = tmp_path
    settings.TASKS, _queues = tasks_config("database", setting="TASKS")
    client.force_login(viewer)
    job_url = client.post(BUILDER, {"template": "upr-mid-term", "format": "docx"})["Location"]
    task = DBTaskResult.objects.get()
    task.claim(worker_id_new())  # a worker of this machine that began, and left no beat
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=long_ago)
    assert "Waiting to start" in client.get(job_url).content.decode()
    assert tasks_of_stopped_workers_fail() == [str(task.pk)]
    page = client.get(job_url).content.decode()
    assert "The report could not be drafted. Try again" in page
    assert "Waiting to start" not in page


def test_progress_is_reported_every_hundred_recommendations(data, viewer):
    for _n in range(196):
        make_recommendation(document=data.recs[0].document)
    told = []
    report = report_document(
        user=viewer,
        template=TEMPLATES["upr-mid-term"],
        filters=RecommendationFilters(),
        progress=told.append,
    )
    assert report.recommendations == 200
    assert told == [100, 200]


@pytest.mark.parametrize("format", ["docx", "pdf"])
def test_a_report_of_no_recommendations_still_opens(data, viewer, format):
    nothing = RecommendationFilters(query="nothing matches this")
    report = report_document(
        user=viewer, template=TEMPLATES["upr-mid-term"], filters=nothing, format=format
    )
    assert report.recommendations == 0
    if format == "docx":
        assert [name for name, _e in outline(report.content)["sections"]] == [
            "Summary",
            "Annex: all recommendations",
        ]
    else:
        assert report.content.startswith(b"%PDF")


def test_report_command_drafts_a_template_for_a_user_a_filter_or_a_saved_view(
    data, viewer, tmp_path
):
    from django.core.management import CommandError, call_command
    from django.utils import translation
    from pypdf import PdfReader

    r1, r2, r3, r4, _r5 = data.recs
    out = io.StringIO()
    path = tmp_path / "monthly.docx"
    call_command(
        "report", template="upr-mid-term", output=str(path), user=viewer.username, stdout=out
    )
    assert out.getvalue().strip() == f"UPR mid-term report: 2 recommendations written to {path}."
    found = outline(path.read_bytes())
    assert found["title"] == "UPR mid-term report"
    assert {heading(r1), heading(r2)} <= {
        e for _name, entries in found["sections"] for e in entries
    }

    SavedView.objects.create(user=viewer, name="CEDAW", query_string="mechanism=CEDAW")
    path = tmp_path / "cedaw.pdf"
    call_command(
        "report",
        template="treaty-follow-up",
        output=str(path),
        user=viewer.username,
        saved_view="CEDAW",
        language="fr",
        stdout=out,
    )
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    with translation.override("fr"):
        title = str(TEMPLATES["treaty-follow-up"].title)
    assert title != "Treaty body follow-up report" and text.startswith(f"1 {title}")
    assert heading(r3) in text and heading(r4) in text and heading(r1) not in text

    with pytest.raises(CommandError, match="mechanism"):
        call_command(
            "report",
            template="upr-mid-term",
            output=str(path),
            user=viewer.username,
            filters="mechanism=NOPE",
        )
    with pytest.raises(CommandError, match="No active user 'nobody'"):
        call_command("report", template="upr-mid-term", output=str(path), user="nobody")
    with pytest.raises(CommandError, match="say --format"):
        call_command("report", template="upr-mid-term", output="x.txt", user=viewer.username)
    with pytest.raises(CommandError, match="invalid choice: 'monthly'"):
        call_command("report", template="monthly", output=str(path), user=viewer.username)


def test_the_implementation_plan_tables_each_action_once_with_its_indicators(
    data, viewer, coordinator
):
    import datetime
    import decimal

    from rectrack.followup.services.planning import (
        action_create,
        indicator_create,
        measurement_add,
    )

    r1, r2, r3, _r4, _r5 = data.recs
    penal = data.overdue_cedaw  # "Amend penal code", for r3
    penal.supporting_institutions.add(data.moh)
    both = action_create(
        user=coordinator,
        title="Train prosecutors",
        lead_institution=data.moj,
        status="ongoing",
        start_date=datetime.date(2025, 1, 15),
        deadline=datetime.date(2027, 6, 30),
        budget_amount=decimal.Decimal("180000"),
        budget_currency="EUR",
        funding_source="State budget, line 12.4",
        links={"recommendations": [r1, r3]},
    )
    convictions = indicator_create(
        user=coordinator,
        title="Convictions for domestic violence",
        unit="cases",
        baseline_value=decimal.Decimal("10"),
        baseline_year=2020,
        target_value=decimal.Decimal("50"),
        target_year=2030,
        actions=[penal],
    )
    for day, value in ((datetime.date(2024, 1, 1), 20), (datetime.date(2025, 6, 30), 30)):
        measurement_add(indicator=convictions, user=coordinator, date=day, value=value)
    indicator_create(user=coordinator, title="Prosecutors trained", actions=[both])

    report = report_document(
        user=viewer, template=TEMPLATES["implementation-plan"], filters=RecommendationFilters()
    )
    document = Document(io.BytesIO(report.content))
    tables = {table.rows[0].cells[1].text: table for table in document.tables}
    actions = tables["Lead and supporting institutions"]
    rows = [[cell.text for cell in row.cells] for row in actions.rows[1:]]
    titles = [row[0] for row in rows]
    assert sorted(titles) == sorted(
        ["Train judges", "Publish report", "Open shelters", "Amend penal code", "Train prosecutors"]
    )  # each once, though "Train prosecutors" answers two recommendations
    prosecutors = rows[titles.index("Train prosecutors")]
    assert sorted(prosecutors[2].split("\n")) == sorted([heading(r1), heading(r3)])
    assert prosecutors[:2] + prosecutors[3:] == [
        "Train prosecutors",
        "Ministry of Justice",
        "15 January 2025",
        "30 June 2027",
        "Ongoing",
        "180,000.00 EUR\nState budget, line 12.4",
    ]
    assert (
        rows[titles.index("Amend penal code")][1] == "Ministry of Justice\nwith Ministry of Health"
    )
    indicators = [[cell.text for cell in row.cells] for row in tables["Indicator"].rows[1:]]
    assert indicators == [
        [
            "Amend penal code",
            "Convictions for domestic violence (cases)",
            "10 (2020)",
            "50 (2030)",
            "30 (30 June 2025)",
            "50 %",
        ],
        ["Train prosecutors", "Prosecutors trained", "—", "—", "—", "—"],
    ]
    pdf = report_document(
        user=viewer,
        template=TEMPLATES["implementation-plan"],
        filters=RecommendationFilters(),
        format="pdf",
    )
    from pypdf import PdfReader

    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Actions and indicators" in text and text.count("Train prosecutors") >= 2
    assert (
        "Convictions for domestic violence (cases) 10 (2020) 50 (2030) 30 (30 June 2025) 50 %"
        in text
    )
