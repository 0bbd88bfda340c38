"""Themes and affected groups named in each language, by the coordinators: the list, one
entry's names, and merging entries into one national list."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _

from rectrack.accounts.permissions import coordinator_required
from rectrack.core.errors import ApplicationError
from rectrack.recommendations.forms import MergeForm, NamesInLanguagesForm
from rectrack.recommendations.models import AffectedGroup, Theme
from rectrack.recommendations.selectors import theme_tree
from rectrack.recommendations.services import names_in_languages_update
from rectrack.recommendations.taxonomy import merge_suggestions, taxonomy_merge

KINDS = {"theme": Theme, "group": AffectedGroup}


def _row(kind: str, entry, depth: int = 0) -> dict:
    """One line of the list: the entry, indented under its broader theme, and the
    languages it has a name in, named in the reader's language."""
    named = [
        str(get_language_info(language)["name_translated"])
        for language, name in entry.names_by_language().items()
        if name
    ]
    return {"kind": kind, "entry": entry, "indent": "\u2003" * depth, "named": named}


@coordinator_required
def names_list_view(request: HttpRequest) -> HttpResponse:
    sections = [
        ("theme", _("Themes"), [_row("theme", t, depth) for t, depth in theme_tree()]),
        ("group", _("Affected groups"), [_row("group", g) for g in AffectedGroup.objects.all()]),
    ]
    return render(request, "recommendations/names.html", {"sections": sections})


@coordinator_required
def names_edit_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    entry = get_object_or_404(KINDS[kind], pk=pk)
    form = NamesInLanguagesForm(request.POST or None, entry=entry)
    if request.method == "POST" and form.is_valid():
        changed = form.changed_names()
        if changed:
            entry = names_in_languages_update(user=request.user, entry=entry, names=changed)
            messages.success(request, _("Names of “%(name)s” saved.") % {"name": entry.name})
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect(reverse("recommendations:names") + f"#{kind}-{entry.pk}")
    context = {"entry": entry, "form": form, "kind": kind}
    return render(request, "recommendations/names_form.html", context)


@coordinator_required
def merges_view(request: HttpRequest) -> HttpResponse:
    """Suggested merges, and any two themes or groups a coordinator chooses; a merge is made
    only on a person's POST."""
    form = MergeForm(request.POST or None)
    if request.method == "POST":
        entries = form.entries() if form.is_valid() else None
        if entries is None:
            messages.error(request, _("Choose two themes, or two groups, to merge."))
        else:
            source, target = entries
            label, count = str(source), source.recommendations.count()
            try:
                taxonomy_merge(user=request.user, source=source, target=target)
            except ApplicationError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "“%(source)s” merged into “%(target)s”: %(count)s recommendation "
                        "moved; later imports of “%(source)s” land on “%(target)s”.",
                        "“%(source)s” merged into “%(target)s”: %(count)s recommendations "
                        "moved; later imports of “%(source)s” land on “%(target)s”.",
                        count,
                    )
                    % {"source": label, "target": str(target), "count": count},
                )
        return redirect("recommendations:merges")
    context = {
        "suggestions": merge_suggestions(),
        "themes": [(theme, "\u2003" * depth) for theme, depth in theme_tree()],
        "groups": AffectedGroup.objects.all(),
    }
    return render(request, "recommendations/merges.html", context)
