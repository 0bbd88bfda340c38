"""Reads of the follow-up workflow; visibility is decided here. One module per area:
updates (and requests), work (My work, the home page, the calendar), planning (actions,
indicators), notifications."""

from rectrack.followup.selectors.notifications import (  # noqa: F401
    notification_get,
    notification_list,
    notification_unread_count,
    update_request_told,
)
from rectrack.followup.selectors.planning import (  # noqa: F401
    action_get,
    action_list,
    action_search,
    indicator_get,
    overdue_actions,
)
from rectrack.followup.selectors.updates import (  # noqa: F401
    DONE_STATES,
    evidence_get,
    progress_update_get,
    progress_update_list,
    reporting_institution_choices,
    request_is_answered,
    update_request_list,
    update_request_pending,
    updates_answering_for,
    updates_to_review,
)
from rectrack.followup.selectors.work import (  # noqa: F401
    EXCERPT_CHARS,
    EXCERPT_WORDS,
    HOME_LIST_LIMIT,
    OpenRequest,
    WorkItem,
    coordinator_work,
    my_work,
    upcoming_calendar,
    work_items,
)
