"""Coordinators handle consultation requests and their files, and nothing else.

Nobody gets the access log's permissions: superusers read it (see admin.py), nobody edits it.
"""

from hospital.roles import COORDINATOR, crud

ROLE_PERMISSIONS = {
    COORDINATOR: [
        *crud("consultations", "consultationrequest", ("view", "change")),
        "consultations.view_medicalreport",
        *crud("consultations", "internalnote", ("view", "add")),
        *crud("consultations", "casemessage", ("view", "add")),
        *crud("consultations", "replytemplate"),
    ],
}
