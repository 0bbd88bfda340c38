"""Imports read files as streams: a file given by its path is read record by record and
written in batches inside one transaction, in memory that does not grow with the file."""

import gc
import json
import tracemalloc

import openpyxl
import pytest

from rectrack.conftest import shared_file
from rectrack.imports import matching
from rectrack.imports.models import ImportRun
from rectrack.imports.parsers import tabular
from rectrack.imports.parsers.base import FileError
from rectrack.imports.parsers.uhri import UhriParser
from rectrack.imports.services import BATCH_SIZE, import_file
from rectrack.imports.tests.uhri_factory import uhri_record, write_uhri_json
from rectrack.recommendations.models import Country, Recommendation

pytestmark = pytest.mark.django_db


def test_a_file_imported_from_its_path_gives_what_its_bytes_give(tmp_path):
    path = write_uhri_json(tmp_path / "uhri.json", BATCH_SIZE + 500)

    report = import_file(path=path)

    assert report.written and report.file_name == "uhri.json"
    assert (report.rows, report.created, report.updated, report.skipped) == (2500, 2500, 0, 0)
    assert Recommendation.objects.count() == 2500
    assert sum(report.by_position.values()) == 2500
    assert len(report.samples["created"]) == 5
    run = ImportRun.objects.get(pk=report.run_id)
    assert run.file_size == path.stat().st_size and len(run.file_sha256) == 64
    again = import_file(data=path.read_bytes(), file_name="uhri.json")
    assert (again.rows, again.created, again.updated, again.unchanged) == (2500, 0, 0, 2500)


def test_a_row_repeated_in_a_later_batch_is_one_recommendation(tmp_path):
    records = [uhri_record(n, state="Slovenia") for n in range(BATCH_SIZE + 10)]
    records.append(records[3])  # the same record again, 2,000 rows later
    records.append({**records[7], "Themes": ["Other"], "AffectedPersons": ["Prisoners"]})
    path = tmp_path / "repeats.json"
    path.write_text(json.dumps(records))

    report = import_file(path=path, skip_invalid=True)

    assert report.repeated == 1
    assert report.duplicates == [{"row": f"record {BATCH_SIZE + 11}", "repeats": "record 4"}]
    assert [issue.message for issue in report.errors] == [
        f"record {BATCH_SIZE + 12} has the same identity as record 8 but different themes, "
        "affected groups."
    ]
    assert report.created == BATCH_SIZE + 10 and Recommendation.objects.count() == BATCH_SIZE + 10


def test_a_malformed_record_in_the_middle_names_it_and_writes_nothing(tmp_path):
    path = write_uhri_json(tmp_path / "broken.json", BATCH_SIZE + 1000)
    lines = path.read_text().split("\n")  # one record a line, after the opening "["
    lines[2601] = lines[2601].replace('"Body": ', '"Body" ', 1)  # record 2601: no colon
    path.write_text("\n".join(lines))

    report = import_file(path=path)

    assert not report.written
    assert Recommendation.objects.count() == 0  # the first batches were rolled back
    message = report.errors[0].message
    assert message.startswith("broken.json: not valid JSON at record 2601 (parse error:")
    assert message.endswith("2600 records before it were read); nothing imported.")
    assert ImportRun.objects.get(pk=report.run_id).status == ImportRun.Status.FAILED


def test_the_state_choice_applies_while_streaming(tmp_path):
    Country.objects.create(name="Valdoria", iso_code="VAL")
    states = ["Slovenia", "Valdoria", "Norland"]
    path = write_uhri_json(tmp_path / "three.json", 3000, states=states)

    report = import_file(path=path, state="VAL")

    assert (report.state, report.rows, report.created, report.left_out) == (
        "Valdoria",
        1000,
        1000,
        2000,
    )
    assert set(Recommendation.objects.values_list("document__country__name", flat=True)) == {
        "Valdoria"
    }


def test_no_row_for_the_chosen_state_imports_nothing(tmp_path):
    path = write_uhri_json(tmp_path / "one.json", 300, states=["Slovenia"])

    report = import_file(path=path, state="Norland")

    assert not report.written and Recommendation.objects.count() == 0
    assert report.errors[0].message == (
        "one.json: no row is for Norland; nothing imported (300 rows of other States left out)."
    )


def test_a_path_is_not_held_to_the_upload_size_limit(tmp_path, settings):
    settings.RECTRACK_IMPORT_MAX_BYTES = 100_000
    path = write_uhri_json(tmp_path / "large.json", 200)
    assert path.stat().st_size > 100_000

    refused = import_file(data=path.read_bytes(), file_name="large.json")
    accepted = import_file(path=path)

    assert "over the import limit of 0 MB (RECTRACK_IMPORT_MAX_MB)" in refused.errors[0].message
    assert accepted.written and accepted.created == 200


def test_a_workbook_is_read_from_its_path_row_by_row(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Text",
            "Countries Concerned",
            "Reccomending Body",
            "Document Symbol",
            "OHCHR Annotation Id",
        ]
    )
    for number in range(1, 2501):
        text = f"{number}. Ratify the convention {number}"
        sheet.append([text, "Slovenia", "CAT", "CAT/1", f"id-{number}"])
    path = tmp_path / "uhri.xlsx"
    workbook.save(path)

    report = import_file(path=path)

    assert report.format == "uhri" and report.created == 2500, report.errors[:2]


def test_csv_larger_than_the_sniffed_part_streams_its_encoding(tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "SNIFF_BYTES", 4096)
    rows = ["Text,Countries Concerned,Reccomending Body,Document Symbol"]
    rows += [f"{n}. Coopérer avec la Cour {n},Slovenia,CAT,CAT/C/1" for n in range(1, 400)]
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes("\n".join(rows).encode("cp1252"))
    broken = tmp_path / "broken.csv"
    broken.write_bytes("\n".join(rows).encode("utf-8") + b"\n400. Habr\xe9,Slovenia,CAT,CAT/C/1")

    result = UhriParser().parse(legacy.read_bytes(), "legacy.csv")
    assert result.encoding == "cp1252" and len(result.rows) == 399
    assert result.rows[-1].text == "Coopérer avec la Cour 399"
    stream = UhriParser().iter_rows(broken, "broken.csv")
    with pytest.raises(FileError, match=r"^broken\.csv: cannot be read as utf-8: byte 0xe9 near"):
        list(stream.items)
    stream.close()


def _peak(function) -> int:
    gc.collect()  # what an earlier test left for the collector is not counted
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# The normalising functions keep their last 8,192 values (lru_cache): a file past that many
# rows fills them, so memory is compared between files that both do.
def test_reading_a_json_download_takes_memory_that_does_not_grow_with_it(tmp_path):
    small = write_uhri_json(tmp_path / "small.json", 10_000)
    large = write_uhri_json(tmp_path / "large.json", 40_000)

    def read(path, count):
        def run():
            stream = UhriParser().iter_rows(path, path.name)
            assert sum(1 for _item in stream.items) == count
            stream.close()

        return run

    small_peak, large_peak = _peak(read(small, 10_000)), _peak(read(large, 40_000))

    assert large.stat().st_size > 3.9 * small.stat().st_size
    assert large_peak < 1.2 * small_peak, (small_peak, large_peak)


def test_importing_takes_memory_that_does_not_grow_with_the_file(tmp_path):
    small = write_uhri_json(tmp_path / "small.json", 5 * BATCH_SIZE)
    large = write_uhri_json(tmp_path / "large.json", 10 * BATCH_SIZE)

    import_file(path=small, dry_run=True)  # what a first import fills once (caches, imports)
    small_peak = _peak(lambda: import_file(path=small, dry_run=True))
    large_peak = _peak(lambda: import_file(path=large, dry_run=True))

    # what grows is the identities met, some 400 bytes each: not the rows
    assert large_peak < small_peak + 5 * BATCH_SIZE * 600, (small_peak, large_peak)


def test_importing_again_takes_memory_that_does_not_grow_with_what_is_held(tmp_path, monkeypatch):
    """A file imported again is matched document by document; past LOADED_LIMIT held
    recommendations, the documents least recently matched are forgotten."""
    monkeypatch.setattr(matching, "LOADED_LIMIT", 500)
    small = write_uhri_json(tmp_path / "small.json", 2 * BATCH_SIZE)
    large = write_uhri_json(tmp_path / "large.json", 4 * BATCH_SIZE)
    assert import_file(path=large).created == 4 * BATCH_SIZE

    reports = {}
    small_peak = _peak(lambda: reports.setdefault("small", import_file(path=small)))
    large_peak = _peak(lambda: reports.setdefault("large", import_file(path=large)))

    assert reports["small"].unchanged == 2 * BATCH_SIZE
    assert (reports["large"].created, reports["large"].unchanged) == (0, 4 * BATCH_SIZE)
    # what grows is the identities met, some 400 bytes each: not the recommendations held
    assert large_peak < small_peak + 2 * BATCH_SIZE * 600, (small_peak, large_peak)


def test_documents_forgotten_and_read_again_match_as_before(monkeypatch):
    """UPR Info rows name no annotation id: each is matched within its document, by
    paragraph or text. With room for about one document at a time, the whole export
    imported again (its documents met again and again) is matched row for row."""
    data = shared_file("upr-info/upr-info-sessions-01-05.csv").read_bytes()
    first = import_file(data=data, file_name="upr-info.csv")
    monkeypatch.setattr(matching, "LOADED_LIMIT", 200)

    again = import_file(data=data, file_name="upr-info.csv")

    assert first.created == 6094
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 6094, [])
    assert Recommendation.objects.count() == 6094
