"""Reads of recommendations and their taxonomies, one module per area: filters, listing (what
a viewer may see: every list goes through recommendation_list), selection (bulk steps),
lists (documents, themes, clusters, saved views)."""

from rectrack.recommendations.selectors.filters import (  # noqa: F401
    SORTS,
    RecommendationFilters,
    default_state,
    filters_from_key,
    filters_key,
    linked_numbers,
    states_under_review,
    theme_lineage,
    theme_with_descendants_ids,
    with_default_state,
)
from rectrack.recommendations.selectors.listing import (  # noqa: F401
    DOCUMENT_IDS_LISTED,
    count_by_links,
    reader_seeing,
    recommendation_get,
    recommendation_list,
    recommendation_page,
    visibility_key,
)
from rectrack.recommendations.selectors.lists import (  # noqa: F401
    cluster_get,
    cluster_list,
    cluster_recommendations,
    document_list,
    saved_view_get,
    saved_view_list,
    theme_tree,
)
from rectrack.recommendations.selectors.selection import (  # noqa: F401
    BULK_CONFIRM_ABOVE,
    SELECTION_SAMPLE,
    Selection,
    recommendation_selection,
)
