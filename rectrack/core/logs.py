"""Filters of the log's console handler (settings.LOGGING)."""

import logging


class OneLineForbidden(logging.Filter):
    """A page refused to someone signed in without the right (PermissionDenied, 403) is an
    ordinary event: Django's one line naming the path is kept, its traceback dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.request" and getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
