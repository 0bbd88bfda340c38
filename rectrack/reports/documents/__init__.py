"""Report documents drafted from the database: the built-in templates (templates.py), what a
report holds (content.py), its charts (figures.py) and its Word and PDF renderings."""

from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.text import slugify

from rectrack.reports.documents import to_docx, to_pdf
from rectrack.reports.documents.content import report_content


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    file_name: str
    content_type: str
    recommendations: int


FORMATS = {"docx": to_docx, "pdf": to_pdf}


def report_document(
    *,
    user,
    template,
    format: str = "docx",
    language: str | None = None,
    progress=None,
    **choices,
) -> ReportFile:
    """A draft report (Word, or PDF) of what this user may see, every label, heading,
    status and chart in `language` (default: the active one, the reader's interface);
    `choices` as report_content takes them (filters, grouping, parts, period, title);
    `progress(done)` is told how many recommendations have been gathered, every hundred."""
    writer = FORMATS[format]
    with translation.override(language or translation.get_language()):
        content = report_content(user=user, template=template, progress=progress, **choices)
        document = writer.write(content)
    stamp = timezone.localdate().isoformat()
    name = slugify(content.title) or template.key
    return ReportFile(
        content=document,
        file_name=f"{name}-{stamp}.{format}",
        content_type=writer.CONTENT_TYPE,
        recommendations=len(content.entries),
    )
