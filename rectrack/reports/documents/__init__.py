"""Report documents drafted from the database: the built-in templates (templates.py), what a
report holds (content.py) and its Word rendering (to_docx.py)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify

from rectrack.reports.documents import to_docx
from rectrack.reports.documents.content import report_content


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    file_name: str
    content_type: str
    recommendations: int


def report_document(*, user, template, **choices) -> ReportFile:
    """A draft report (Word) of what this user may see; `choices` as report_content takes
    them (filters, grouping, parts, period, title)."""
    content = report_content(user=user, template=template, **choices)
    stamp = timezone.localdate().isoformat()
    name = slugify(content.title) or template.key
    return ReportFile(
        content=to_docx.write(content),
        file_name=f"{name}-{stamp}.docx",
        content_type=to_docx.CONTENT_TYPE,
        recommendations=len(content.entries),
    )
