"""Edit forms that never lose an update. Each field also posts the value it was shown with
(Django's hidden initial), so a save writes only what this user changed; after a conflict the
page shows both values of a field both people changed and asks which to keep. The values shown
only narrow what is written: permissions stay with the services."""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from rectrack.followup.forms_planning import split_list
from rectrack.followup.services.planning import ConflictError

BASE_MARKER = "base_carried"


def carry_base(form: forms.BaseForm) -> forms.BaseForm:
    """Make every visible field post the value it was shown with, and mark that it does."""
    for field in form.fields.values():
        if not field.widget.is_hidden and not isinstance(field, forms.FileField):
            field.show_hidden_initial = True
    form.fields[BASE_MARKER] = forms.BooleanField(
        widget=forms.HiddenInput, initial=True, required=False
    )
    form.fields["conflicts"] = forms.CharField(widget=forms.HiddenInput, required=False)
    form.conflict_choices = {
        name: form.data.get(f"keep_{name}", "") for name in conflicting_names(form)
    }
    return form


def _editable(form) -> list[str]:
    return [
        name
        for name, field in form.fields.items()
        if field.show_hidden_initial and not field.disabled
    ]


def conflicting_names(form) -> list[str]:
    """The fields a previous conflict asked the user to decide on."""
    return [name for name in split_list(form.data.get("conflicts", "")) if name in form.fields]


def fields_to_write(form) -> tuple[list[str], list[str]]:
    """The fields this user changed (all of them when the page did not carry its base values,
    as from an older client), minus those where the user chose to keep the other person's
    value; and the conflicting fields still waiting for a choice."""
    if form.data.get(BASE_MARKER):
        changed = [name for name in _editable(form) if name in form.changed_data]
    else:
        changed = _editable(form)
    undecided = []
    for name in conflicting_names(form):
        choice = form.data.get(f"keep_{name}")
        if choice == "theirs" and name in changed:
            changed.remove(name)
        elif choice != "mine":
            undecided.append(name)
    return changed, undecided


def refuse_undecided(form, undecided: list[str]) -> None:
    labels = ", ".join(str(form.fields[name].label) for name in undecided)
    form.add_error(None, _("Choose whose value to keep: %(fields)s.") % {"fields": labels})


def _put(data, key: str, field: forms.Field, value) -> None:
    prepared = field.prepare_value(value)
    if isinstance(prepared, list | tuple):
        data.setlist(key, [str(item) for item in prepared])
    else:
        data[key] = "" if prepared is None else str(prepared)


def data_after_conflict(form, error: ConflictError, *, current: dict, version: int):
    """The form's data for the conflict page: based on the version now saved; the fields only
    the others changed hold their values, those both changed keep the user's and wait for a
    choice."""
    data = form.data.copy()
    data["version"] = str(version)
    data[BASE_MARKER] = "True"
    data["conflicts"] = ",".join(error.fields)
    for name in error.changes:
        if name not in form.fields or name not in current or form.fields[name].disabled:
            continue
        field = form.fields[name]
        _put(data, form.add_initial_prefix(name), field, current[name])
        if name not in error.fields:
            _put(data, name, field, current[name])
    return data


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _label(model, form, name: str) -> str:
    if name in form.fields:
        label = str(form.fields[name].label)
    else:
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            label = name
    return label[:1].upper() + label[1:]


def conflict_rows(model, form, error: ConflictError) -> list[dict]:
    """One row per field the others changed: its value when the user opened the page, theirs
    (and who), the user's own where both changed, and the name of the choice to make."""
    return [
        {
            "label": _label(model, form, name),
            "before": _shown(old),
            "theirs": _shown(new),
            "author": error.authors.get(name, ""),
            "mine": _shown(error.mine.get(name)) if name in error.fields else None,
            "choice": f"keep_{name}" if name in error.fields else "",
        }
        for name, (old, new) in error.changes.items()
    ]


def meanwhile_message(model, form, authors: dict[str, str]) -> str:
    """'Meanwhile Carla changed Deadline; their changes were kept.' (empty if no one did)."""
    by_author: dict[str, list[str]] = {}
    for name, author in authors.items():
        by_author.setdefault(author, []).append(_label(model, form, name))
    return " ".join(
        _("Meanwhile %(who)s changed %(fields)s; their changes were kept.")
        % {"who": author, "fields": ", ".join(labels)}
        for author, labels in by_author.items()
    )
