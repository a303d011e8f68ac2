"""Periodic housekeeping of sign-ins (run by the Huey consumer that `bahi worker` starts)."""

from django.contrib.sessions.models import Session
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


def purge_expired_sessions() -> int:
    """Delete the stored sessions that have expired (idle 30 minutes or past the 12-hour
    absolute limit: the cookie's expiry is stored with the session). A signed-out browser's
    session is already gone; these are the ones left by browsers that were closed. Returns how
    many went."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return int(deleted)


@db_periodic_task(crontab(minute="37"))  # type: ignore[untyped-decorator]
def purge_expired_sessions_hourly() -> int:
    """Hourly: expired sessions leave the database (they can no longer sign anybody in, but
    each holds who was signed in, from which address, until it is deleted)."""
    return purge_expired_sessions()
