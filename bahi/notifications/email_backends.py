"""Email backends of Bahi's own.

NotConfiguredBackend is production's backend until BAHI_SMTP_HOST is set: it refuses every
message, so the outbox keeps it pending with an error that names the setting, instead of Django's
console backend printing one-time sign-in and invitation links into the server's logs.
"""

import smtplib
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend

NOT_CONFIGURED = "no SMTP server is configured: set BAHI_SMTP_HOST (see README, Configuration)"


class NotConfiguredBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        if not email_messages:
            return 0
        if self.fail_silently:
            return 0
        raise smtplib.SMTPException(NOT_CONFIGURED)
