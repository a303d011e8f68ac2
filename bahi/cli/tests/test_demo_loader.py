import stat

import pytest

from bahi.cli.demo_loader import load_demo, write_credentials
from bahi.identity.models import Company, User

pytestmark = pytest.mark.django_db


def test_load_demo_creates_admin_company_and_private_credentials(settings, tmp_path, capsys):
    settings.DATA_DIR = tmp_path
    load_demo(entries=60)
    company = Company.objects.get()
    assert company.legal_name == "Sharma Traders Private Limited"
    assert company.journal_entries.count() == 60
    credentials = tmp_path / "demo-credentials.txt"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    password = credentials.read_text().split("password: ")[1].strip()
    user = User.objects.get(username="admin")
    assert user.email == "admin@demo.bahi.in"
    assert user.check_password(password)
    assert password in capsys.readouterr().out


def test_credentials_file_made_private_even_if_it_existed(tmp_path):
    old = tmp_path / "demo-credentials.txt"
    old.write_text("old")
    old.chmod(0o644)
    path = write_credentials(tmp_path, "admin", "s3cret")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == "Bahi demo sign-in\nusername: admin\npassword: s3cret\n"


def test_bahi_demo_adds_companies_with_their_own_gstin_registration(settings, tmp_path):
    from bahi.cli import build_parser

    settings.DATA_DIR = tmp_path
    for _ in range(2):
        args = build_parser().parse_args(["demo", "--entries", "40", "--years", "2", "--seed", "3"])
        assert args.handler(args) == 0
    first, second = Company.objects.order_by("id")
    assert second.legal_name == "Sharma Traders Private Limited (2)"
    assert (first.gstin, second.gstin) == ("27AAPCS1234F1ZD", "27AAPCS1234F2ZC")
    assert first.journal_entries.count() == second.journal_entries.count() == 40
    assert User.objects.count() == 1
