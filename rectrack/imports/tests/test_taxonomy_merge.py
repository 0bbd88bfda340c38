"""After a merge, imports of any source land on the theme or group kept."""

import pytest

from rectrack.imports.services import import_file
from rectrack.imports.tests.test_services import MAPPING, ROWS, table
from rectrack.recommendations.models import Recommendation, Theme
from rectrack.recommendations.services import theme_get_or_create
from rectrack.recommendations.taxonomy import taxonomy_merge

pytestmark = pytest.mark.django_db


def test_reimport_after_a_merge_lands_on_the_merged_theme_and_creates_none(coordinator):
    first = import_file(data=table(ROWS), file_name="cedaw.csv", format="table", mapping=MAPPING)
    assert first.created == 3
    national = theme_get_or_create(name="Gender equality")
    imported = Theme.objects.get(name="Women's rights")
    taxonomy_merge(user=coordinator, source=imported, target=national)
    again = import_file(data=table(ROWS), file_name="cedaw.csv", format="table", mapping=MAPPING)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert not Theme.objects.filter(name="Women's rights").exists()
    new_row = ["15", "Train judges on gender.", "CEDAW", "CEDAW/C/VLD/CO/8", "", "Women's rights"]
    later = import_file(
        data=table([[*new_row, "5.1", ""]]), file_name="later.csv", format="table", mapping=MAPPING
    )
    assert later.created == 1 and "themes" not in later.new_entries
    recommendation = Recommendation.objects.get(reference="15")
    assert [t.name for t in recommendation.themes.all()] == ["Gender equality"]
    assert national.recommendations.count() == 3
