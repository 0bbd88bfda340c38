"""The implementation plan and its follow-up, one module per area: plan (assignments,
actions, indicators, measurements, bulk assignments), updates (progress updates and their
evidence), coordination (update requests, reminders, comments, notifications)."""

from rectrack.followup.models.coordination import (  # noqa: F401
    Comment,
    Notification,
    ReminderSent,
    UpdateRequest,
)
from rectrack.followup.models.plan import (  # noqa: F401
    Action,
    Assignment,
    BulkAssignment,
    Indicator,
    Measurement,
)
from rectrack.followup.models.updates import (  # noqa: F401
    Evidence,
    ProgressUpdate,
    evidence_path,
)
