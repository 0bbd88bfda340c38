"""Loading the demo data set (content.py) through the ordinary services, with demo users."""

import hashlib
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.core.errors import ApplicationError
from rectrack.demo import content, generate
from rectrack.demo.followup import followup_demo_load
from rectrack.followup.models import Notification
from rectrack.imports.models import ImportRun
from rectrack.recommendations.models import (
    AffectedGroup,
    Cluster,
    Country,
    Mechanism,
    SdgTarget,
    Theme,
)
from rectrack.recommendations.services import (
    affected_group_get_or_create,
    cluster_get_or_create,
    country_get_or_create,
    document_create,
    mechanism_get_or_create,
    recommendation_create,
    theme_get_or_create,
)

DEMO_FORMAT = "demo"
DEMO_FILE_NAME = "Rectrack demo data"
CREDENTIALS_FILE_NAME = "demo-credentials.txt"
DEMO_ADMIN = "admin"  # the demo's administrator, whose login `rectrack demo` prints
DEMO_USERS = [
    (DEMO_ADMIN, User.Role.ADMINISTRATOR),
    ("coordinator", User.Role.COORDINATOR),
    ("viewer", User.Role.VIEWER),
    ("fp-justice", User.Role.FOCAL_POINT),
    ("fp-health", User.Role.FOCAL_POINT),
    ("fp-education", User.Role.FOCAL_POINT),
]

DEMO_UNREAD_KINDS = (
    Notification.Kind.REQUEST,
    Notification.Kind.RETURNED,
    Notification.Kind.SUBMITTED,
)


@dataclass(frozen=True)
class DemoCredential:
    username: str
    password: str
    role: str


@dataclass
class DemoResult:
    import_run: ImportRun
    credentials: list[DemoCredential]
    credentials_file: Path
    counts: dict[str, int] = field(default_factory=dict)  # recommendations per mechanism code
    followup: dict[str, int] = field(default_factory=dict)  # institutions, actions, updates

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def admin(self) -> DemoCredential:
        return next(c for c in self.credentials if c.username == DEMO_ADMIN)


@dataclass
class _Taxonomy:
    """Looked-up rows by name or code, so each is fetched or created once per load."""

    themes: dict[str, Theme]
    groups: dict[str, AffectedGroup]
    targets: dict[str, SdgTarget]
    clusters: dict[str, Cluster]
    countries: dict[str, Country] = field(default_factory=dict)

    def country(self, name: str) -> Country:
        if name not in self.countries:
            self.countries[name] = country_get_or_create(name=name)
        return self.countries[name]


def credentials_path() -> Path:
    return Path(settings.VAR_DIR) / CREDENTIALS_FILE_NAME


def demo_is_loaded() -> bool:
    return ImportRun.objects.filter(format=DEMO_FORMAT).exists()


@transaction.atomic
def demo_load() -> DemoResult:
    """Load the Valdoria demo data and its three users in one transaction; refused if the demo
    was loaded before or its user names are taken, so a real database is never mixed up."""
    if demo_is_loaded():
        raise ApplicationError(_("The demo data is already loaded."))
    taken = sorted(
        User.objects.filter(username__in=[name for name, _role in DEMO_USERS]).values_list(
            "username", flat=True
        )
    )
    if taken:
        raise ApplicationError(
            _("Cannot load the demo data: these user names are taken: %(names)s.")
            % {"names": ", ".join(taken)}
        )
    documents = generate.build_documents()
    run = ImportRun(file_name=DEMO_FILE_NAME, format=DEMO_FORMAT, file_sha256=_digest(documents))
    run.full_clean()
    run.save()
    taxonomy = _taxonomy_load()
    counts = _documents_load(documents, taxonomy=taxonomy, run=run)
    credentials = [_user_create(username, role) for username, role in DEMO_USERS]
    users = {
        user.username: user
        for user in User.objects.filter(username__in=[name for name, _role in DEMO_USERS])
    }
    followup_counts = followup_demo_load(
        documents=documents, coordinator=users["coordinator"], focal_points=users
    )
    # The demo's notifications show in Rectrack; none is e-mailed to its made-up addresses.
    Notification.objects.filter(
        recipient__in=users.values(), email=Notification.Email.PENDING
    ).update(email=Notification.Email.NOT_WANTED)
    # The demo replays months of work: what its people would long have read is read, so
    # each opens Rectrack with what is new to them (requests, returned and submitted updates).
    Notification.objects.filter(recipient__in=users.values()).exclude(
        kind__in=DEMO_UNREAD_KINDS
    ).update(read_at=timezone.now())
    run.status = ImportRun.Status.SUCCEEDED
    run.rows = run.created = sum(counts.values())
    run.finished_at = timezone.now()
    run.save()
    path = _credentials_write(credentials)
    return DemoResult(
        import_run=run,
        credentials=credentials,
        credentials_file=path,
        counts=counts,
        followup=followup_counts,
    )


def _digest(documents: tuple[generate.DemoDocument, ...]) -> str:
    """Identifies the version of the demo content the run loaded."""
    data = json.dumps([asdict(document) for document in documents], default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _taxonomy_load() -> _Taxonomy:
    themes: dict[str, Theme] = {}
    for code, name, parent in content.THEMES:
        themes[name] = theme_get_or_create(name=name, code=code, parent=themes.get(parent))
    groups = {name: affected_group_get_or_create(name=name) for name in content.GROUPS}
    targets = {target.code: target for target in SdgTarget.objects.select_related("goal")}
    clusters = {
        spec["name"]: cluster_get_or_create(name=spec["name"], description=spec["description"])
        for spec in content.CLUSTERS
    }
    return _Taxonomy(themes=themes, groups=groups, targets=targets, clusters=clusters)


def _mechanism(code: str) -> Mechanism:
    mechanism = Mechanism.objects.filter(code=code).first()
    if mechanism is not None:
        return mechanism
    if code != content.SPECIAL_PROCEDURE["code"]:
        raise ApplicationError(
            _("Mechanism %(code)s is missing: run `rectrack migrate` first.") % {"code": code}
        )
    return mechanism_get_or_create(
        code=code, name=content.SPECIAL_PROCEDURE["name"], kind=Mechanism.Kind.SPECIAL_PROCEDURE
    )


def _documents_load(
    documents: tuple[generate.DemoDocument, ...], *, taxonomy: _Taxonomy, run: ImportRun
) -> dict[str, int]:
    state = country_get_or_create(name=content.STATE["name"], iso_code=content.STATE["iso_code"])
    counts: dict[str, int] = {}
    for item in documents:
        document = document_create(
            mechanism=_mechanism(item.mechanism),
            country=state,
            symbol=item.symbol,
            title=item.title,
            cycle=item.cycle,
            session=item.session,
            date=item.date,
        )
        clusters = [
            (set(spec["topics"]), taxonomy.clusters[spec["name"]])
            for spec in content.CLUSTERS
            if item.symbol in spec["documents"]
        ]
        for recommendation in item.recommendations:
            targets = [taxonomy.targets[code] for code in recommendation.sdg_targets]
            recommendation_create(
                document=document,
                text=recommendation.text,
                reference=recommendation.reference,
                heading=recommendation.heading,
                position=recommendation.position,
                type=recommendation.type,
                recommending_countries=[
                    taxonomy.country(name) for name in recommendation.recommending_states
                ],
                themes=[taxonomy.themes[name] for name in recommendation.themes],
                affected_groups=[taxonomy.groups[name] for name in recommendation.groups],
                sdg_targets=targets,
                sdg_goals={target.goal for target in targets},
                clusters=[
                    cluster for topics, cluster in clusters if recommendation.topic in topics
                ],
                import_run=run,
                source_location=f"demo: {item.symbol} para {recommendation.reference}",
            )
        counts[item.mechanism] = counts.get(item.mechanism, 0) + len(item.recommendations)
    return counts


def _user_create(username: str, role: str) -> DemoCredential:
    password = secrets.token_urlsafe(12)
    user_create(
        username=username, password=password, role=role, email=f"{username}@valdoria.example"
    )
    return DemoCredential(username=username, password=password, role=role)


def _credentials_write(credentials: list[DemoCredential]) -> Path:
    """Only the file's owner may read the passwords."""
    path = credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)  # the file may have existed with wider permissions
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        for credential in credentials:
            file.write(f"{credential.username} {credential.password} {credential.role}\n")
    return path


def credentials_read() -> list[DemoCredential]:
    """The demo users' credentials as the last load saved them; none if there is no file."""
    path = credentials_path()
    if not path.exists():
        return []
    credentials = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            credentials.append(DemoCredential(*parts))
    return credentials
