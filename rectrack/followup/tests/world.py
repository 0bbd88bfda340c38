"""The permission tests' world (web matrix, API matrix, CSRF, fuzzing): two ministries, a
user of every role, a recommendation led by the Ministry of Justice with an action, an
indicator, a draft and a submitted update; every write of the web interface; and a
fingerprint of everything a write could change. Loaded for every app's tests as a plugin
(rectrack/conftest.py)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from rectrack.accounts.services import user_create
from rectrack.audit.models import AuditEntry
from rectrack.followup.models import (
    Action,
    Assignment,
    Comment,
    Evidence,
    Indicator,
    Measurement,
    ProgressUpdate,
    UpdateRequest,
)
from rectrack.followup.services.planning import (
    action_create,
    assignment_set,
    indicator_create,
    recommendations_bulk_assign,
)
from rectrack.followup.services.updates import progress_update_create, progress_update_submit
from rectrack.imports.models import ImportRun
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Mechanism, Recommendation
from rectrack.recommendations.tests.factories import make_recommendation

ROLES = ["anonymous", "viewer", "other_focal", "focal", "coordinator", "admin"]
COORDINATORS = {"coordinator", "admin"}
RESPONSIBLE = {"focal", "coordinator", "admin"}
AUTHOR = {"focal"}


@pytest.fixture
def world(db):
    justice = Institution.objects.create(name="Ministry of Justice", code="MOJ")
    health = Institution.objects.create(name="Ministry of Health", code="MOH")
    users = {"anonymous": None}
    for name, role in [
        ("viewer", "viewer"),
        ("other_focal", "focal_point"),
        ("focal", "focal_point"),
        ("coordinator", "coordinator"),
        ("admin", "administrator"),
    ]:
        users[name] = user_create(username=name, password="x" * 12, role=role)
    users["focal"].institutions.add(justice)
    users["other_focal"].institutions.add(health)
    coordinator = users["coordinator"]
    recommendation = make_recommendation(text="Reform legal aid.")
    assignment = assignment_set(
        recommendation=recommendation,
        institution=justice,
        role=Assignment.Role.LEAD,
        user=coordinator,
    )
    action = action_create(
        user=coordinator,
        title="Legal aid act",
        lead_institution=justice,
        links={"recommendations": [recommendation]},
    )
    indicator = indicator_create(user=coordinator, title="Legal aid cases", actions=[action])
    draft = progress_update_create(
        user=users["focal"], recommendation=recommendation, narrative="Draft.", status="in_progress"
    )
    submitted = progress_update_create(
        user=users["focal"], recommendation=recommendation, narrative="Done.", status="implemented"
    )
    submitted = progress_update_submit(update=submitted, user=users["focal"])
    # A bulk assignment to undo, on a recommendation of its own.
    bulk = recommendations_bulk_assign(
        recommendations=[make_recommendation(text="Train judges.")],
        institution=health,
        role=Assignment.Role.LEAD,
        user=coordinator,
    )
    return {
        "users": users,
        "recommendation": recommendation,
        "assignment": assignment,
        "action": action,
        "indicator": indicator,
        "draft": draft,
        "submitted": submitted,
        "health": health,
        "bulk": bulk,
    }


def web_operations(w):
    """(name, url, data, who may) for every write the web interface offers."""
    rec, action, draft, submitted = w["recommendation"], w["action"], w["draft"], w["submitted"]
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    return [
        (
            "assign",
            reverse("followup:assign", args=[rec.pk]),
            {"institution": w["health"].pk, "role": "supporting"},
            COORDINATORS,
        ),
        (
            "assignment-remove",
            reverse("followup:assignment-remove", args=[w["assignment"].pk]),
            {"confirm": "yes"},
            COORDINATORS,
        ),
        (
            "bulk-assign",
            reverse("followup:bulk-assign"),
            {"institution": w["health"].pk, "role": "supporting"},
            COORDINATORS,
        ),
        (
            "status-set",
            reverse("followup:status-set", args=[rec.pk]),
            {"status": "implemented", "narrative": "Adopted."},
            COORDINATORS,
        ),
        (
            "comment-add",
            reverse("followup:comment-add", args=[rec.pk]),
            {"body": "Hi"},
            RESPONSIBLE,
        ),
        (
            "update-create",
            reverse("followup:update-create", args=[rec.pk]),
            {"narrative": "New.", "status": "in_progress"},
            RESPONSIBLE,
        ),
        (
            "action-update-create",
            reverse("followup:action-update-create", args=[action.pk]),
            {"narrative": "New.", "status": "in_progress"},
            RESPONSIBLE,
        ),
        (
            "update-edit",
            reverse("followup:update-edit", args=[draft.pk]),
            {"narrative": "Changed.", "status": "implemented", "version": draft.version},
            AUTHOR,
        ),
        ("update-submit", reverse("followup:update-submit", args=[draft.pk]), {}, AUTHOR),
        (
            "evidence-add",
            reverse("followup:evidence-add", args=[draft.pk]),
            {"link": "https://example.org/gazette"},
            AUTHOR,
        ),
        (
            "update-approve",
            reverse("followup:update-approve", args=[submitted.pk]),
            {},
            COORDINATORS,
        ),
        (
            "update-return",
            reverse("followup:update-return", args=[submitted.pk]),
            {"comment": "Add dates."},
            COORDINATORS,
        ),
        (
            "action-create",
            reverse("followup:action-create"),
            {"title": "New action", "lead_institution": w["health"].pk, "status": "planned"},
            COORDINATORS,
        ),
        (
            "action-edit",
            reverse("followup:action-edit", args=[action.pk]),
            {
                "title": "Legal aid act",
                "lead_institution": action.lead_institution_id,
                "status": "ongoing",
                "version": action.version,
            },
            RESPONSIBLE,
        ),
        (
            "action-comment-add",
            reverse("followup:action-comment-add", args=[action.pk]),
            {"body": "Hi"},
            RESPONSIBLE,
        ),
        (
            "indicator-create",
            reverse("followup:indicator-create"),
            {"title": "Cases"},
            COORDINATORS,
        ),
        (
            "measurement-add",
            reverse("followup:measurement-add", args=[w["indicator"].pk]),
            {"date": "2026-01-01", "value": "12"},
            RESPONSIBLE,
        ),
        (
            "request-create",
            reverse("followup:request-create"),
            {"title": "Mid-term", "due_date": due, "include_recommendations": "on"},
            COORDINATORS,
        ),
        (
            "calendar-set",
            reverse("reports:mechanism-calendar", args=["UPR"]),
            {"next_report_due": due},
            COORDINATORS,
        ),
        (
            "action-delete",
            reverse("followup:action-delete", args=[action.pk]),
            {"confirm": "yes"},
            COORDINATORS,
        ),
        (
            "indicator-delete",
            reverse("followup:indicator-delete", args=[w["indicator"].pk]),
            {"confirm": "yes"},
            COORDINATORS,
        ),
        (
            "bulk-assign-undo",
            reverse("followup:bulk-assign-undo", args=[w["bulk"].pk]),
            {},
            COORDINATORS,
        ),
        (
            "user-deactivate",
            reverse("followup:user-deactivate", args=[w["users"]["focal"].pk]),
            {},
            {"admin"},
        ),
        (
            "import-upload",
            reverse("imports:upload"),
            {"format": "auto", "file": SimpleUploadedFile("x.csv", b"No.,Text\n1,Hi\n")},
            COORDINATORS,
        ),
    ]


def fingerprint() -> tuple:
    """Everything a write could change."""
    counted = (
        Assignment,
        Action,
        Comment,
        Evidence,
        Indicator,
        Measurement,
        ProgressUpdate,
        UpdateRequest,
        AuditEntry,
        ImportRun,
    )
    return (
        tuple(model.objects.count() for model in counted),
        tuple(Assignment.objects.order_by("pk").values_list("role", flat=True)),
        tuple(ProgressUpdate.objects.order_by("pk").values_list("state", "narrative")),
        tuple(Action.objects.order_by("pk").values_list("title", "status", "version")),
        tuple(Recommendation.objects.values_list("implementation_status", flat=True)),
        tuple(Mechanism.objects.values_list("next_report_due", flat=True)),
    )


OPERATION_NAMES = [
    "assign",
    "assignment-remove",
    "bulk-assign",
    "status-set",
    "comment-add",
    "update-create",
    "action-update-create",
    "update-edit",
    "update-submit",
    "evidence-add",
    "update-approve",
    "update-return",
    "action-create",
    "action-edit",
    "action-comment-add",
    "indicator-create",
    "measurement-add",
    "request-create",
    "calendar-set",
    "action-delete",
    "indicator-delete",
    "bulk-assign-undo",
    "user-deactivate",
    "import-upload",
]
