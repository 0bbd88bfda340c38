"""Imports' writes: importing a file (importing.py) and a web upload's run (runs.py)."""

from rectrack.imports.services.importing import (
    BATCH_SIZE,
    ImportReport,
    Progress,
    file_check,
    import_file,
    import_run_queued,
)
from rectrack.imports.services.runs import (
    column_mapping_save,
    import_confirm,
    import_headers,
    import_remap,
    import_retry,
    import_runs_mark_interrupted,
    import_upload,
)

__all__ = [
    "BATCH_SIZE",
    "ImportReport",
    "Progress",
    "column_mapping_save",
    "file_check",
    "import_confirm",
    "import_file",
    "import_headers",
    "import_remap",
    "import_retry",
    "import_run_queued",
    "import_runs_mark_interrupted",
    "import_upload",
]
