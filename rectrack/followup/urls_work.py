"""Follow-up work: progress updates and their review, evidence, assignments, a
recommendation's status and comments, and each focal point's "my work" page."""

from django.urls import path

from rectrack.followup.views import updates, work

urlpatterns = [
    path("my-work/", work.my_work_view, name="my-work"),
    path("updates/<int:pk>/", updates.update_detail_view, name="update-detail"),
    path("recommendations/<int:pk>/updates/new/", updates.update_create_view, name="update-create"),
    path(
        "actions/<int:pk>/updates/new/",
        updates.action_update_create_view,
        name="action-update-create",
    ),
    path("updates/<int:pk>/edit/", updates.update_edit_view, name="update-edit"),
    path("updates/<int:pk>/submit/", updates.update_submit_view, name="update-submit"),
    path("updates/<int:pk>/approve/", updates.update_approve_view, name="update-approve"),
    path("updates/<int:pk>/return/", updates.update_return_view, name="update-return"),
    path("updates/<int:pk>/evidence/", updates.evidence_add_view, name="evidence-add"),
    path("evidence/<int:pk>/", updates.evidence_download_view, name="evidence-download"),
    path("recommendations/<int:pk>/assign/", work.assign_view, name="assign"),
    path("assignments/<int:pk>/remove/", work.assignment_remove_view, name="assignment-remove"),
    path("recommendations/<int:pk>/status/", work.status_set_view, name="status-set"),
    path("recommendations/<int:pk>/comments/", work.comment_add_view, name="comment-add"),
    path("recommendations/bulk-assign/", work.bulk_assign_view, name="bulk-assign"),
    path("bulk-assignments/<int:pk>/", work.bulk_assign_result_view, name="bulk-assign-result"),
    path("bulk-assignments/<int:pk>/undo/", work.bulk_assign_undo_view, name="bulk-assign-undo"),
]
