from datetime import date

import pytest

from bahi.demo.generator import generate_entries
from bahi.demo.identifiers import gstin_check_digit
from bahi.demo.services import create_demo_company, demo_books_begin
from bahi.ledger.models import Account, JournalEntry, Party
from bahi.ledger.selectors import build_balances_as_of, verify_books
from bahi.ledger.services import post_journal_entries_bulk

pytestmark = pytest.mark.django_db


def test_demo_chart_has_about_two_hundred_accounts_and_a_hundred_parties(company, demo_chart):
    assert Account.objects.filter(company=company).count() == 205
    assert len(demo_chart.bank_ids) == 5
    assert Account.objects.filter(company=company, parent__system_role="bank_accounts").count() == 6
    assert Account.objects.get(id=demo_chart.sales_ids[(18, False)]).name == "Sales - goods 18%"
    parties = Party.objects.filter(company=company)
    assert parties.filter(is_customer=True).count() == 60
    assert parties.filter(is_supplier=True).count() == 40
    for party in parties.exclude(gstin=""):
        assert party.gstin[:2] == party.state_code
        assert party.gstin[14] == gstin_check_digit(party.gstin[:14])
    assert sum(p.is_inter_state for p in demo_chart.customers) > 5


def test_posting_300_generated_entries_keeps_the_books_sound(company, admin_user, demo_chart):
    entries = generate_entries(demo_chart, count=300, years=3, seed=11)
    posted = post_journal_entries_bulk(company=company, actor=admin_user, entries=entries)
    assert posted == 300
    balances = build_balances_as_of(company=company, as_of=date(2027, 3, 31))
    assert sum(movement.net_paise for movement in balances.values()) == 0
    assert verify_books(company=company) == []
    assert JournalEntry.objects.filter(company=company, status="posted").count() == 300


def test_demo_books_begin_a_whole_financial_year_before_the_current_one():
    assert demo_books_begin(today=date(2026, 11, 24), years=1) == date(2025, 4, 1)
    assert demo_books_begin(today=date(2026, 3, 31), years=3) == date(2022, 4, 1)


def test_create_demo_company_posts_everything_it_generates(admin_user):
    demo = create_demo_company(
        owner=admin_user, books_begin_date=date(2025, 4, 1), entries=120, seed=3
    )
    assert demo.entries_posted == 120
    assert demo.company.legal_name == "Sharma Traders Private Limited"
    assert demo.company.gstin == "27AAPCS1234F1ZD"
    assert verify_books(company=demo.company) == []
