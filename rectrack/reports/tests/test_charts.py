"""Charts are valid, self-contained SVG with every label escaped."""

import xml.etree.ElementTree as ET

from rectrack.reports import charts

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(\"x\")</script> & 'Co' ]]>\x00"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}desc") is not None
    return root


def rects(root: ET.Element, cls: str) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == cls]


def all_text(root: ET.Element) -> str:
    return " ".join("".join(el.itertext()) for el in root.iter())


def test_bar_chart_has_one_bar_per_item_and_escapes_labels():
    svg = charts.bar_chart(
        chart_id="t", title=HOSTILE, description=HOSTILE, items=[(HOSTILE, 3), ("UPR", 5)]
    )
    root = parse(svg)
    assert len(rects(root, "bar")) == 2
    assert "<script>" not in svg
    assert '<script>alert("x")</script>' in root.find(f"{SVG}title").text
    assert "5" in all_text(root)


def test_stacked_bar_chart_draws_one_segment_per_non_zero_value_with_patterns():
    svg = charts.stacked_bar_chart(
        chart_id="s",
        title="Status",
        description="d",
        series=["Implemented", HOSTILE, "No information"],
        rows=[(HOSTILE, [1, 2, 0]), ("Empty row", [0, 0, 0]), ("Health", [0, 0, 4])],
    )
    root = parse(svg)
    assert len(rects(root, "segment")) == 3
    assert len(list(root.iter(f"{SVG}pattern"))) == 3  # patterns, not colour alone
    assert "Empty row" not in svg
    assert "<script>" not in svg


def test_column_chart_stacks_series_per_category_and_writes_totals():
    svg = charts.column_chart(
        chart_id="c",
        title="Over time",
        description="d",
        categories=["Jan", HOSTILE, "Mar"],
        series=["Implemented", "In progress"],
        values=[[1, 0, 2], [3, 0, 0]],
    )
    root = parse(svg)
    assert len(rects(root, "segment")) == 3
    texts = [el.text for el in root.iter(f"{SVG}text")]
    assert "4" in texts and "2" in texts


def test_charts_without_data_say_so():
    root = parse(charts.bar_chart(chart_id="e", title="t", description="d", items=[], empty="None"))
    assert "None" in all_text(root)
    root = parse(
        charts.stacked_bar_chart(
            chart_id="e", title="t", description="d", series=["a"], rows=[], empty="None"
        )
    )
    assert "None" in all_text(root)


def test_chart_ids_cannot_break_out_of_attributes():
    root = parse(charts.bar_chart(chart_id='x" onload="y', title="t", description="d", items=[]))
    assert root.get("onload") is None


def test_charts_are_mirrored_for_a_right_to_left_language():
    """In Arabic the labels stand at the right and the bars grow leftwards from the axis."""
    from django.utils import translation

    items = [("الاستعراض الدوري الشامل", 3), ("CEDAW", 5)]
    left_to_right = parse(charts.bar_chart(chart_id="t", title="t", description="d", items=items))
    with translation.override("ar"):
        right_to_left = parse(
            charts.bar_chart(chart_id="t", title="t", description="d", items=items)
        )
    assert left_to_right.get("direction") == "ltr" and right_to_left.get("direction") == "rtl"
    for ltr, rtl in zip(rects(left_to_right, "bar"), rects(right_to_left, "bar"), strict=True):
        assert float(rtl.get("width")) == float(ltr.get("width"))
        assert float(rtl.get("x")) == charts.WIDTH - float(ltr.get("x")) - float(ltr.get("width"))
    axis_ltr = float(left_to_right.find(f"{SVG}line").get("x1"))
    axis_rtl = float(right_to_left.find(f"{SVG}line").get("x1"))
    assert axis_rtl == charts.WIDTH - axis_ltr and axis_rtl > charts.WIDTH / 2
    labels = [t for t in right_to_left.iter(f"{SVG}text") if t.text == items[0][0]]
    assert labels and float(labels[0].get("x")) > axis_rtl
    # Every bar lies on the left of the axis.
    assert all(
        float(r.get("x")) + float(r.get("width")) <= axis_rtl + 0.1
        for r in rects(right_to_left, "bar")
    )


def test_long_labels_wrap_between_words_on_taller_rows_and_are_never_cut():
    long = "Economic, social and cultural rights of persons living in informal settlements"
    chinese = "经济、社会及文化权利以及居住在非正规住区的人的权利"
    items = [(long, 3), ("UPR", 5), (chinese, 2)]
    for svg in (
        charts.bar_chart(chart_id="t", title="t", description="d", items=items),
        charts.stacked_bar_chart(
            chart_id="s",
            title="t",
            description="d",
            series=["One", "Two"],
            rows=[(label, [value, 1]) for label, value in items],
        ),
    ):
        root = parse(svg)
        texts = [t.text or "" for t in root.iter(f"{SVG}text")]
        assert "…" not in "".join(texts)
        lines = [t for t in texts if t and t in long]
        assert " ".join(lines) == long and len(lines) >= 3  # every word, in order
        assert all(len(line) <= 200 / (12 * charts.CHAR) for line in lines)
        assert "".join(t for t in texts if t and t in chinese) == chinese
        bars = rects(root, "bar") or rects(root, "segment")
        tops = sorted({float(bar.get("y")) for bar in bars})
        gaps = [b - a for a, b in zip(tops, tops[1:], strict=False)]
        assert gaps[0] > gaps[1]  # the wrapped label's row is taller than a one-line row


def test_a_report_draws_no_chart_of_a_single_bar(db):
    from rectrack.accounts.services import user_create
    from rectrack.conftest import reference_data
    from rectrack.recommendations.tests.factories import make_document, make_recommendation
    from rectrack.reports.documents.content import report_content
    from rectrack.reports.documents.figures import report_charts
    from rectrack.reports.documents.templates import TEMPLATES

    reference_data()
    viewer = user_create(username="v", password="x-long-password-1", role="viewer")
    cat = make_document(mechanism_code="CAT", symbol="CAT/C/VLD/CO/2")
    for n in range(3):  # a treaty body's: no position, in one group
        make_recommendation(document=cat, reference=str(n + 1))
    content = report_content(user=viewer, template=TEMPLATES["treaty-follow-up"])
    assert len(content.entries) == 3
    assert report_charts(content) == []  # one group, one position ("Not stated"): no chart
    upr = make_document(mechanism_code="UPR", symbol="A/HRC/55/9")
    make_recommendation(document=upr, position="supported")
    make_recommendation(document=upr, position="noted")
    content = report_content(user=viewer, template=TEMPLATES["upr-mid-term"])
    titles = [title for title, _png in report_charts(content)]
    assert titles == ["Recommendations by position"]  # two bars; the one group's left out


def test_stacked_bars_are_mirrored_whole_in_a_right_to_left_language():
    """Each segment mirrored by its own width (never its stroke's), left of the axis."""
    from django.utils import translation

    rows = [("الاستعراض", [2, 3]), ("CEDAW", [0, 4])]
    options = {"chart_id": "s", "title": "t", "description": "d", "series": ["a", "b"]}
    ltr = parse(charts.stacked_bar_chart(rows=rows, **options))
    with translation.override("ar"):
        rtl = parse(charts.stacked_bar_chart(rows=rows, **options))
    pairs = zip(rects(ltr, "segment"), rects(rtl, "segment"), strict=True)
    for left, right in pairs:
        width = float(left.get("width"))
        assert float(right.get("width")) == width
        assert float(right.get("x")) == round(charts.WIDTH - float(left.get("x")) - width, 1)
        assert float(right.get("x")) + width <= charts.WIDTH - 200 + 0.1  # left of the axis
