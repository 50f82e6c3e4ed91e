from django.urls import path

from proposals.views import board, deputy, files, unit

urlpatterns = [
    # The secretary's board and steps
    path("proposals/", board.proposal_board, name="proposal_board"),
    path("proposals/new/", board.proposal_register_new, name="proposal_register_new"),
    path("proposals/assign/", board.proposal_bulk_assign, name="proposal_bulk_assign"),
    path("proposals/export/", board.proposal_export, name="proposal_export"),
    path("proposals/<int:pk>/", board.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/register/", board.proposal_register, name="proposal_register"),
    path("proposals/<int:pk>/review/", board.motion_review, name="motion_review"),
    path("proposals/<int:pk>/decline/", board.proposal_decline, name="proposal_decline"),
    path("proposals/<int:pk>/assign/", board.proposal_assign, name="proposal_assign"),
    path("proposals/<int:pk>/close/", board.proposal_close, name="proposal_close"),
    path("proposals/<int:pk>/milestone/", board.milestone_add, name="milestone_add"),
    path("proposals/<int:pk>/publish/", board.proposal_publish, name="proposal_publish"),
    # Files, for whoever may open the item's page
    path("attachments/<int:pk>/", files.attachment_download, name="attachment_download"),
    path("replies/<int:pk>/letter/", files.reply_letter, name="reply_letter"),
    path("units/", board.unit_list, name="unit_list"),
    path("units/new/", board.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", board.unit_edit, name="unit_edit"),
    # The deputy's 我的建议 (phone-first)
    path("my/proposals/", deputy.my_proposals, name="my_proposals"),
    path("my/proposals/new/", deputy.my_proposal_create, name="my_proposal_create"),
    path("my/proposals/<int:pk>/edit/", deputy.my_proposal_edit, name="my_proposal_edit"),
    path("proposals/<int:pk>/submit/", deputy.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/withdraw/", deputy.proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/evaluate/", deputy.proposal_evaluate, name="proposal_evaluate"),
    path("public/proposals/", deputy.public_proposals, name="public_proposals"),
    # The handling unit's inbox
    path("inbox/", unit.unit_inbox, name="unit_inbox"),
    path(
        "assignments/<int:pk>/acknowledge/",
        unit.assignment_acknowledge,
        name="assignment_acknowledge",
    ),
    path("assignments/<int:pk>/return/", unit.assignment_return, name="assignment_return"),
    path("assignments/<int:pk>/opinion/", unit.co_opinion, name="co_opinion"),
    path("proposals/<int:pk>/reply/", unit.proposal_reply, name="proposal_reply"),
    path("notifications/", unit.notification_list, name="notification_list"),
    path("notifications/<int:pk>/", unit.notification_open, name="notification_open"),
]
