"""The demo's implementation plan: Valdoria's institutions and focal points, who leads on
what, actions with budgets and indicators, progress updates in every state of the review
workflow, update requests (one due soon, one overdue) and the reporting calendar.

Everything goes through the ordinary follow-up services, as the people concerned."""

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rectrack.followup.models import Assignment, ProgressUpdate
from rectrack.followup.services.planning import (
    action_create,
    assignment_set,
    comment_add,
    indicator_create,
    measurement_add,
)
from rectrack.followup.services.requests import update_request_create
from rectrack.followup.services.updates import (
    evidence_add,
    progress_update_approve,
    progress_update_create,
    progress_update_return,
    progress_update_submit,
    recommendation_status_set,
)
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Document, Mechanism, Recommendation

# (code, name, kind, parent code)
INSTITUTIONS = [
    ("MOJ", "Ministry of Justice", "ministry", ""),
    ("PRS", "Prison Service", "agency", "MOJ"),
    ("MOI", "Ministry of the Interior", "ministry", ""),
    ("MOH", "Ministry of Health", "ministry", ""),
    ("MOE", "Ministry of Education", "ministry", ""),
    ("MLSA", "Ministry of Labour and Social Affairs", "ministry", ""),
    ("MFA", "Ministry of Foreign Affairs", "ministry", ""),
    ("MCH", "Ministry of Construction and Housing", "ministry", ""),
    ("PARL", "National Assembly", "parliament", ""),
    ("SC", "Supreme Court", "judiciary", ""),
    ("OMB", "Ombudsperson of Valdoria", "nhri", ""),
    ("NHP", "Northern Highlands Province", "local_government", ""),
]

# Focal points: user name -> the institutions they report for.
FOCAL_POINTS = {
    "fp-justice": ("MOJ", "PRS"),
    "fp-health": ("MOH",),
    "fp-education": ("MOE",),
}

# The lead institution of each demo topic; unlisted topics go to the Ministry of Justice.
TOPIC_LEADS = {
    "ratification": "MFA",
    "cooperation": "MFA",
    "follow_up": "MFA",
    "nhri": "PARL",
    "detention": "PRS",
    "torture": "MOJ",
    "npm": "OMB",
    "safeguards": "MOI",
    "police_force": "MOI",
    "trafficking": "MOI",
    "migrants": "MOI",
    "asylum_detention": "MOI",
    "child_asylum": "MOI",
    "expression": "MOJ",
    "association": "MOJ",
    "hate_speech": "MOJ",
    "health": "MOH",
    "srh": "MOH",
    "child_health": "MOH",
    "education": "MOE",
    "inclusive_education": "MOE",
    "women_education": "MOE",
    "poverty": "MLSA",
    "child_poverty": "MLSA",
    "work": "MLSA",
    "women_employment": "MLSA",
    "child_labour": "MLSA",
    "disability": "MLSA",
    "children_disabilities": "MLSA",
    "alternative_care": "MLSA",
    "gbv": "MLSA",
    "women_machinery": "MLSA",
    "housing": "MCH",
    "housing_framework": "MCH",
    "evictions": "MCH",
    "informal": "NHP",
    "reconstruction": "NHP",
    "affordability": "MCH",
}
SUPPORTING = {
    "gbv": ("MOJ", "MOI", "MOH"),
    "detention": ("MOJ",),
    "inclusive_education": ("MLSA",),
    "trafficking": ("MLSA", "MOJ"),
    "evictions": ("NHP",),
    "child_violence": ("MOE",),
}

# (title, topic, lead, supporting, status, start offset days, deadline offset days, budget)
ACTIONS = [
    (
        "Adopt a comprehensive law on violence against women",
        "gbv",
        "MLSA",
        ("MOJ",),
        "ongoing",
        -400,
        200,
        ("350000.00", "EUR", "State budget"),
    ),
    (
        "Open shelters for victims of domestic violence in every province",
        "gbv",
        "MLSA",
        ("NHP",),
        "delayed",
        -500,
        -30,
        ("1200000.00", "EUR", "State budget and EU grant"),
    ),
    (
        "Renovate the Ostrava remand prison and end overcrowding",
        "detention",
        "PRS",
        ("MOJ",),
        "ongoing",
        -300,
        400,
        ("4800000.00", "EUR", "Capital investment programme"),
    ),
    (
        "Create an independent complaints body for police misconduct",
        "police_force",
        "MOI",
        ("MOJ", "PARL"),
        "planned",
        30,
        540,
        ("210000.00", "EUR", "State budget"),
    ),
    (
        "Ratify the Optional Protocol to the Convention against Torture",
        "ratification",
        "MFA",
        ("PARL",),
        "completed",
        -700,
        -200,
        None,
    ),
    (
        "Inclusive education plan for children with disabilities",
        "inclusive_education",
        "MOE",
        ("MLSA",),
        "ongoing",
        -200,
        300,
        ("900000.00", "EUR", "Education sector budget"),
    ),
    (
        "National action plan against trafficking in persons 2025-2028",
        "trafficking",
        "MOI",
        ("MLSA", "MOJ"),
        "ongoing",
        -150,
        900,
        ("450000.00", "EUR", "State budget"),
    ),
    (
        "Free legal aid for women in family and domestic violence cases",
        "justice",
        "MOJ",
        ("MLSA",),
        "planned",
        60,
        420,
        ("180000.00", "EUR", "Justice budget"),
    ),
    (
        "Moratorium on forced evictions in informal settlements",
        "evictions",
        "MCH",
        ("NHP",),
        "ongoing",
        -90,
        120,
        None,
    ),
    (
        "Train 2,000 health workers on sexual and reproductive health rights",
        "srh",
        "MOH",
        (),
        "cancelled",
        -250,
        -10,
        ("75000.00", "EUR", "WHO country programme"),
    ),
]

# (title, unit, baseline, baseline year, target, target year, source, action index, values)
INDICATORS = [
    (
        "Shelter places for victims of domestic violence",
        "places",
        "120",
        2022,
        "600",
        2027,
        "Ministry of Labour and Social Affairs",
        1,
        ["150", "210", "260"],
    ),
    (
        "Prison occupancy rate, Ostrava remand prison",
        "%",
        "148",
        2022,
        "95",
        2027,
        "Prison Service statistics",
        2,
        ["141", "132"],
    ),
    (
        "Children with disabilities in mainstream schools",
        "%",
        "31",
        2021,
        "60",
        2028,
        "Education management information system",
        5,
        ["34", "38", "41"],
    ),
]


def _institutions() -> dict[str, Institution]:
    institutions: dict[str, Institution] = {}
    for code, name, kind, parent in INSTITUTIONS:
        institution = Institution(name=name, code=code, kind=kind, parent=institutions.get(parent))
        institution.full_clean()
        institution.save()
        institutions[code] = institution
    return institutions


def _recommendations_by_topic(documents) -> dict[str, list[Recommendation]]:
    found = {
        (r.document.symbol, r.reference): r
        for r in Recommendation.objects.select_related("document")
    }
    by_topic: dict[str, list[Recommendation]] = {}
    for document in documents:
        for item in document.recommendations:
            recommendation = found[(document.symbol, item.reference)]
            by_topic.setdefault(item.topic, []).append(recommendation)
    return by_topic


def followup_demo_load(*, documents, coordinator, focal_points: dict) -> dict[str, int]:
    """Load the demo's plan and follow-up; returns counts for the command's summary."""
    rng = random.Random(20261127)
    today = timezone.localdate()
    institutions = _institutions()
    for username, codes in FOCAL_POINTS.items():
        focal_points[username].institutions.set([institutions[code] for code in codes])
    by_topic = _recommendations_by_topic(documents)
    current = {
        r.pk for r in Recommendation.objects.filter(document__status=Document.Status.CURRENT)
    }
    for topic, recommendations in by_topic.items():
        lead = institutions[TOPIC_LEADS.get(topic, "MOJ")]
        for recommendation in recommendations:
            if recommendation.pk not in current:
                continue
            assignment_set(
                recommendation=recommendation,
                institution=lead,
                role=Assignment.Role.LEAD,
                user=coordinator,
            )
            for code in SUPPORTING.get(topic, ()):
                assignment_set(
                    recommendation=recommendation,
                    institution=institutions[code],
                    role=Assignment.Role.SUPPORTING,
                    user=coordinator,
                )
    actions = _actions(by_topic, institutions, current, coordinator, today)
    _indicators(actions, coordinator, today)
    updates = _updates(by_topic, current, coordinator, focal_points, rng)
    _requests(by_topic, current, coordinator, today)
    _calendar(today)
    return {"institutions": len(institutions), "actions": len(actions), "updates": updates}


def _actions(by_topic, institutions, current, coordinator, today):
    actions = []
    for title, topic, lead, supporting, status, start, deadline, budget in ACTIONS:
        answered = [r for r in by_topic.get(topic, []) if r.pk in current][:6]
        fields = {}
        if budget:
            fields = {
                "budget_amount": Decimal(budget[0]),
                "budget_currency": budget[1],
                "funding_source": budget[2],
            }
        targets = {t for r in answered for t in r.sdg_targets.all()}
        action = action_create(
            user=coordinator,
            title=title,
            lead_institution=institutions[lead],
            status=status,
            description=f"Part of Valdoria's national human rights action plan: {title.lower()}.",
            start_date=today + datetime.timedelta(days=start),
            deadline=today + datetime.timedelta(days=deadline),
            links={
                "recommendations": answered,
                "sdg_targets": targets,
                "supporting_institutions": [institutions[c] for c in supporting],
            },
            **fields,
        )
        actions.append(action)
    comment_add(
        user=coordinator,
        action=actions[1],
        body=(
            "The provincial governments have not yet identified buildings; please report on "
            "the timetable before the next mid-term report."
        ),
    )
    return actions


def _indicators(actions, coordinator, today):
    for title, unit, base, base_year, target, target_year, source, index, values in INDICATORS:
        action = actions[index]
        indicator = indicator_create(
            user=coordinator,
            title=title,
            unit=unit,
            baseline_value=Decimal(base),
            baseline_year=base_year,
            target_value=Decimal(target),
            target_year=target_year,
            data_source=source,
            actions=[action],
            recommendations=list(action.recommendations.all()[:3]),
        )
        for months_ago, value in zip(range(len(values) * 6, 0, -6), values, strict=True):
            measurement_add(
                indicator=indicator,
                user=coordinator,
                value=Decimal(value),
                date=today - datetime.timedelta(days=30 * months_ago),
            )


def _updates(by_topic, current, coordinator, focal_points, rng) -> int:
    """Updates in every state: approved (moving statuses), submitted, returned, draft."""
    justice = focal_points["fp-justice"]
    education = focal_points["fp-education"]
    detention = [r for r in by_topic["detention"] if r.pk in current]
    justice_items = [r for r in by_topic["justice"] + by_topic["torture"] if r.pk in current]
    education_items = [
        r for r in by_topic["education"] + by_topic["inclusive_education"] if r.pk in current
    ]
    narratives = [
        ("in_progress", "A working group drafted amendments; public consultation closes in June."),
        ("partially_implemented", "The first phase was completed in two of five regions."),
        ("implemented", "The measure was adopted by the National Assembly and is in force."),
    ]
    for recommendation in detention[:3] + justice_items[:3] + education_items[:3]:
        author = education if recommendation in education_items else justice
        status, text = rng.choice(narratives)
        update = progress_update_create(
            user=author, recommendation=recommendation, narrative=text, status=status, submit=True
        )
        progress_update_approve(update=update, reviewer=coordinator)
    submitted = progress_update_create(
        user=justice,
        recommendation=detention[3],
        status="in_progress",
        narrative="Occupancy in the remand prison fell from 148 % to 132 % after transfers.",
    )
    evidence_add(
        update=submitted,
        user=justice,
        upload=SimpleUploadedFile(
            "occupancy-2026.pdf", b"%PDF-1.4\n% Rectrack demo evidence\n%%EOF\n"
        ),
    )
    progress_update_submit(update=submitted, user=justice)
    returned = progress_update_create(
        user=justice,
        recommendation=detention[4],
        status="implemented",
        submit=True,
        narrative="Done.",
    )
    progress_update_return(
        update=returned,
        reviewer=coordinator,
        comment=("Please describe what was done and attach the inspection report."),
    )
    progress_update_create(
        user=education,
        recommendation=education_items[3],
        status="in_progress",
        narrative="Draft: teacher training modules are being written.",
    )
    recommendation_status_set(
        recommendation=[r for r in by_topic["ratification"] if r.pk in current][0],
        status="implemented",
        user=coordinator,
        narrative="OPCAT ratified; instrument deposited.",
    )
    return ProgressUpdate.objects.count()


def _requests(by_topic, current, coordinator, today):
    detention = [r for r in by_topic["detention"] + by_topic["gbv"] if r.pk in current]
    update_request_create(
        user=coordinator,
        title="UPR mid-term report 2026: detention and gender-based violence",
        message="Please report on each recommendation by the due date.",
        due_date=today + datetime.timedelta(days=5),
        recommendations=detention[5:12],
    )
    education = [
        r for r in by_topic["education"] + by_topic["inclusive_education"] if r.pk in current
    ]
    update_request_create(
        user=coordinator,
        title="CRC follow-up: education",
        due_date=today - datetime.timedelta(days=10),
        recommendations=education[-2:],
    )


def _calendar(today):
    Mechanism.objects.filter(code="UPR").update(
        next_report_due=today + datetime.timedelta(days=120),
        next_review_date=today + datetime.timedelta(days=640),
    )
    Mechanism.objects.filter(code="CEDAW").update(
        next_report_due=today + datetime.timedelta(days=45)
    )
    Mechanism.objects.filter(code="CAT").update(
        next_review_date=today + datetime.timedelta(days=300)
    )
