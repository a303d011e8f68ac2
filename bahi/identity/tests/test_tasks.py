"""The hourly purge of expired sessions."""

from datetime import datetime, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from bahi.identity.tasks import purge_expired_sessions_hourly

pytestmark = pytest.mark.django_db


def _session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return str(store.session_key)


def test_expired_sessions_go_and_live_ones_stay():
    expired = _session(-timedelta(seconds=1))
    live = _session(timedelta(minutes=10))

    assert purge_expired_sessions_hourly.call_local() == 1

    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert not SessionStore().exists(expired)


def test_the_session_purge_runs_once_an_hour():
    name = purge_expired_sessions_hourly.task_class.__name__
    due = [
        minute
        for minute in range(60)
        if name in {task.name for task in HUEY.read_periodic(datetime(2025, 10, 1, 9, minute))}  # noqa: DTZ001 - huey passes naive UTC
    ]
    assert due == [37]
