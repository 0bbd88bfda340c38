"""HTML entities and simple markup in a source are decoded once, on import, in texts and
names alike; any other "<" stays text, and Rectrack's own export is not decoded again."""

import pytest

from rectrack.imports.markup import decoded
from rectrack.imports.services import import_file
from rectrack.imports.tests.test_tabular import csv_bytes
from rectrack.recommendations.models import Country, Recommendation, Theme
from rectrack.recommendations.selectors import RecommendationFilters
from rectrack.reports.exports import recommendations_export

MAPPING = {"text": "Text", "mechanism": "Body", "themes": "Themes", "recommending_states": "From"}


@pytest.mark.parametrize(
    ("source", "stored"),
    [
        ("Ratify &#40;OPCAT&#41;", "Ratify (OPCAT)"),
        ("Women&amp;girls", "Women&girls"),
        ("First line<br>second<br/>third", "First line\nsecond\nthird"),
        ("<p>One.</p><p>Two, <i>really</i> <a href='x'>two</a>.</p>", "One.\nTwo, really two."),
        ("children &lt; 18 years", "children < 18 years"),
        ("&amp;lt;br&amp;gt; is written so", "&lt;br&gt; is written so"),  # once, not twice
        ("children < 18 and > 12", "children < 18 and > 12"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # kept as text, escaped
    ],
)
def test_entities_and_markup_are_decoded_once(source, stored):
    assert decoded(source) == stored


@pytest.mark.django_db
def test_an_import_stores_texts_and_names_decoded_and_its_export_comes_back_the_same(viewer):
    rows = [
        ["Text", "Body", "Themes", "From"],
        [
            "Protect journalists &amp; bloggers<br>now.",
            "UPR",
            "Freedom of expression &#38; media",
            "C&ocirc;te d&#39;Ivoire",
        ],
        ["Keep &amp;lt; as written.", "UPR", "", "Ghana"],
    ]
    report = import_file(data=csv_bytes(rows), file_name="hrc.csv", format="table", mapping=MAPPING)
    assert (report.created, report.errors) == (2, [])
    texts = sorted(Recommendation.objects.values_list("text", flat=True))
    assert texts == ["Keep &lt; as written.", "Protect journalists & bloggers\nnow."]
    assert list(Theme.objects.values_list("name", flat=True)) == ["Freedom of expression & media"]
    assert sorted(Country.objects.values_list("name", flat=True)) == ["Côte d'Ivoire", "Ghana"]

    exported = recommendations_export(
        user=viewer, filters=RecommendationFilters(include_superseded=True), format="csv"
    )
    again = import_file(data=exported.content, file_name=exported.file_name)
    assert (again.format, again.created, again.updated, again.unchanged) == ("rectrack", 0, 0, 2)
