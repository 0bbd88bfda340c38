"""Evidence files named Word, Excel, PowerPoint or OpenDocument must be real documents of
that kind and unpack within the archive limits; a file over the evidence limit is refused
as it arrives."""

import io
import zipfile

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rectrack.core.choices import ImplementationStatus
from rectrack.core.errors import ApplicationError
from rectrack.followup.models import Assignment, Evidence
from rectrack.followup.services.planning import assignment_set
from rectrack.followup.services.updates import evidence_add, progress_update_create
from rectrack.recommendations.tests.factories import make_recommendation

pytestmark = pytest.mark.django_db
MB = 1 << 20
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def draft(coordinator, focal_point, justice):
    recommendation = make_recommendation(text="Ratify the Optional Protocol against Torture.")
    assignment_set(
        recommendation=recommendation,
        institution=justice,
        role=Assignment.Role.LEAD,
        user=coordinator,
    )
    return progress_update_create(
        user=focal_point,
        recommendation=recommendation,
        narrative="A bill is being written.",
        status=ImplementationStatus.IN_PROGRESS,
    )


def word_document() -> bytes:
    document, out = docx.Document(), io.BytesIO()
    document.add_paragraph("Minutes of the inter-ministerial meeting.")
    document.save(out)
    return out.getvalue()


def workbook() -> bytes:
    book, out = openpyxl.Workbook(), io.BytesIO()
    book.active.append(["Indicator", "2024"])
    book.save(out)
    return out.getvalue()


def zip_of(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def add(draft, name: str, content: bytes) -> Evidence:
    return evidence_add(update=draft, user=draft.author, upload=SimpleUploadedFile(name, content))


def refusal(draft, name: str, content: bytes) -> str:
    with pytest.raises(ApplicationError) as refused:
        add(draft, name, content)
    assert not Evidence.objects.exists()
    return refused.value.message


def test_a_real_word_document_is_accepted_as_a_word_document(draft):
    data = word_document()
    evidence = add(draft, "minutes.docx", data)
    assert (evidence.original_name, evidence.content_type) == ("minutes.docx", WORD)
    with evidence.file.open("rb") as stored:
        assert stored.read() == data


def test_real_workbooks_and_opendocument_files_are_accepted_with_their_types(draft):
    assert add(draft, "figures.xlsx", workbook()).content_type.endswith("spreadsheetml.sheet")
    text = {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}
    odt = add(draft, "report.odt", zip_of(text, method=zipfile.ZIP_STORED))
    assert odt.content_type == "application/vnd.oasis.opendocument.text"


def test_a_zip_archive_renamed_docx_is_refused(draft):
    message = refusal(draft, "minutes.docx", zip_of({"minutes.txt": b"Minutes."}))
    assert message == (
        "minutes.docx is not an accepted evidence file: it is not a real Word file: "
        "it has no word/document.xml."
    )


def test_a_word_document_renamed_xlsx_is_refused(draft):
    message = refusal(draft, "figures.xlsx", word_document())
    assert message.endswith("it is not a real Excel file: it has no xl/workbook.xml.")


def test_a_word_document_with_a_zip_bomb_inside_is_refused_naming_the_member(draft):
    out = io.BytesIO(word_document())
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/bomb.bin", "w") as bomb,
    ):
        for _ in range(20):
            bomb.write(bytes(MB))
    message = refusal(draft, "minutes.docx", out.getvalue())
    assert message.startswith(
        "minutes.docx is not an accepted evidence file: word/media/bomb.bin is compressed "
        "more than 100 to 1"
    )


def test_evidence_over_its_limit_is_refused_as_it_arrives_and_nothing_is_stored(
    client, focal_point, draft, settings
):
    settings.RECTRACK_EVIDENCE_MAX_BYTES = MB
    client.force_login(focal_point)
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + bytes(3 * MB))  # past the in-memory size
    response = client.post(reverse("followup:evidence-add", args=[draft.pk]), {"file": big})
    assert response.status_code == 400
    assert "scan.pdf is larger than the 1 MB allowed for evidence." in response.content.decode()
    # Refused as it arrived (imports.uploads): nothing of it was kept, even for a moment.
    assert type(response.wsgi_request.FILES["file"]).__name__ == "RefusedUpload"
    assert not Evidence.objects.exists()
    assert not [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]
