"""The code's own rules, read from its source (../shared/STYLE.md): the apps depend on each
other one way, no app imports another's views, and roles are compared only where the role
predicates live (accounts/permissions.py)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the rectrack package
# From the ground up: an app may import those before it, never one after it.
ORDER = [
    "audit",
    "core",
    "accounts",
    "institutions",
    "recommendations",
    "followup",
    "reports",
    "imports",
    "api",
    "demo",
]
USER_ROLES = {"ADMINISTRATOR", "COORDINATOR", "FOCAL_POINT", "VIEWER"}
ROLE_VALUES = {"administrator", "coordinator", "focal_point", "viewer"}
# Where roles may be compared: the predicates, and the model that defines the roles.
ROLE_HOMES = {"accounts/permissions.py", "accounts/models.py"}


def _sources():
    """Every module of the apps, but their tests and migrations."""
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in ORDER and "tests" not in parts and "migrations" not in parts:
            yield path, parts[0], ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def _import_problems() -> list[str]:
    problems = []
    for path, app, tree in _sources():
        for line, name in _imported(tree):
            parts = name.split(".")
            if parts[0] != "rectrack" or len(parts) < 3 or parts[1] not in ORDER:
                continue
            other, where = parts[1], f"{path.relative_to(ROOT)}:{line} imports {name}"
            if other != app and parts[2].startswith("views"):
                problems.append(f"{where}: another app's views")
            elif ORDER.index(other) > ORDER.index(app):
                problems.append(f"{where}: {other} stands above {app}")
    return problems


def test_no_app_imports_one_above_it_or_another_apps_views():
    assert _import_problems() == []


def _is_user_role(node) -> bool:
    """`<...>.Role.COORDINATOR` and the like, or a role's value as a string."""
    if isinstance(node, ast.Attribute) and node.attr in USER_ROLES:
        return isinstance(node.value, ast.Attribute) and node.value.attr == "Role"
    return isinstance(node, ast.Constant) and node.value in ROLE_VALUES


def _mentions_role(node) -> bool:
    return any(_is_user_role(inner) for inner in ast.walk(node))


def _role_comparisons(tree) -> list[int]:
    """Lines that compare a user's role: `x.role == ...`, `... in {Role.A, Role.B}`, a query
    `filter(role=User.Role.X)`, a loop over roles."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and _mentions_role(node):
            lines.append(node.lineno)
        elif isinstance(node, ast.keyword) and (node.arg or "").startswith("role"):
            if _mentions_role(node.value):
                lines.append(node.value.lineno)
        elif isinstance(node, ast.For) and _mentions_role(node.iter):
            lines.append(node.lineno)
    return lines


def test_roles_are_compared_only_where_the_role_predicates_live():
    compared = [
        f"{path.relative_to(ROOT)}:{line}"
        for path, _app, tree in _sources()
        if str(path.relative_to(ROOT)) not in ROLE_HOMES
        for line in _role_comparisons(tree)
    ]
    assert compared == []


def test_the_checks_find_what_they_look_for():
    """Each rule's check catches a breach written the usual ways (so the two tests above
    cannot pass by finding nothing)."""
    breaches = ast.parse(
        "if user.role == User.Role.COORDINATOR: pass\n"
        "ok = user.role in {user.Role.ADMINISTRATOR, user.Role.COORDINATOR}\n"
        "people = User.objects.filter(role=User.Role.FOCAL_POINT)\n"
        "for role in (User.Role.COORDINATOR, User.Role.ADMINISTRATOR): pass\n"
        "admin = request.user.role == 'administrator'\n"
        "lead = assignment.role == Assignment.Role.LEAD\n"  # not a user's role: allowed
    )
    assert sorted(_role_comparisons(breaches)) == [1, 2, 3, 4, 5]
    upward = ast.parse("from rectrack.followup.views.work import recommendation_panel")
    assert _imported(upward) == [(1, "rectrack.followup.views.work.recommendation_panel")]
