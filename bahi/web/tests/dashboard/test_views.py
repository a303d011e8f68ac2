import json
import re
from datetime import date

import pytest
from django.utils import timezone

from bahi.core.fiscal import fiscal_year_of
from bahi.identity.models import Membership, Role, User
from bahi.ledger.services import create_company_with_books
from bahi.web.tests.dashboard.sample_books import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, admin_user):
    client.force_login(admin_user)
    return client


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_the_home_page_of_a_member_is_the_dashboard(signed_in, company, books):
    page = signed_in.get("/", {"as_of": AS_OF.isoformat()}).content.decode()
    assert "<h1>Dashboard</h1>" in page
    assert "Sharma Traders Pvt Ltd · FY 2024-25 · as of <time>30-06-2024</time>" in page
    assert "₹6,03,000.00" in page  # cash and bank
    assert "₹94,400.00" in page  # receivables
    assert "₹47,200.00" in page  # payables
    assert "-₹1,800.00" in page  # GST: 2,700 + 2,700 - 7,200
    assert "₹1,25,000.00" in page  # profit: 1,80,000 revenue less 55,000 expenses


def test_the_chart_data_is_a_json_block_not_a_script(signed_in, company, books):
    page = signed_in.get("/", {"as_of": AS_OF.isoformat()}).content.decode()
    block = re.search(
        r'<script id="revenue-chart-data" type="application/json">(.*?)</script>', page, re.S
    )
    assert block is not None
    assert json.loads(block.group(1)) == {
        "labels": ["Apr 2024", "May 2024", "Jun 2024"],
        "series": [
            {"key": "revenue", "label": "Revenue", "values": [10000000, 5000000, 3000000]},
            {"key": "expenses", "label": "Expenses", "values": [0, 0, 5500000]},
        ],
    }
    # Every other script is a file of this site: the CSP allows nothing inline.
    scripts = re.findall(r"<script([^>]*)>", page)
    assert all("src=" in attrs or "application/json" in attrs for attrs in scripts)
    assert "style=" not in page


def test_the_figures_table_stands_beside_the_chart(signed_in, company, books):
    page = signed_in.get("/", {"as_of": AS_OF.isoformat()}).content.decode()
    assert '<details class="chart-table" id="revenue-table" open>' in page
    assert re.search(r"<th scope=\"row\">Jun 2024</th>.*?₹30,000.00.*?₹55,000.00", page, re.S)


def test_a_member_without_a_company_is_told_so(client):
    user = User.objects.create_user("newcomer", "n@example.in", "pass words here")
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert "not a member of any company" in response.content.decode()


def test_a_member_sees_only_the_company_they_work_in(client, company, books):
    outsider = User.objects.create_user("outsider", "o@example.in", "pass words here")
    create_company_with_books(
        owner=outsider, legal_name="Other Co", state_code="29", books_begin_date=date(2024, 4, 1)
    )
    client.force_login(outsider)
    page = client.get("/", {"as_of": AS_OF.isoformat()}).content.decode()
    assert "Other Co" in page
    assert "Pune Hardware" not in page
    assert "₹6,03,000.00" not in page


def test_a_viewer_may_read_the_dashboard(client, company, books):
    viewer = User.objects.create_user("viewer", "v@example.in", "pass words here")
    Membership.objects.create(user=viewer, company=company, role=Role.VIEWER)
    client.force_login(viewer)
    assert "₹94,400.00" in client.get("/", {"as_of": AS_OF.isoformat()}).content.decode()


def test_an_unreadable_day_falls_back_to_the_default(signed_in, company, books):
    page = signed_in.get("/", {"as_of": "31-13-2024"}).content.decode()
    assert "as of <time>31-03-2025</time>" in page


def test_the_ageing_table_lists_ages_down_and_sides_across(signed_in, company, books):
    page = signed_in.get("/", {"as_of": AS_OF.isoformat()}).content.decode()
    table = page.split('id="ageing-table"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r">(₹[\d,.]+|-₹[\d,.]+|[\w+-]+ days|Advances|Total)<", table)
    assert cells == [
        "0-30 days", "₹35,400.00", "₹47,200.00",
        "31-60 days", "₹59,000.00", "₹0.00",
        "61-90 days", "₹0.00", "₹0.00",
        "90+ days", "₹0.00", "₹0.00",
        "Advances", "₹0.00", "₹0.00",
        "Total", "₹94,400.00", "₹47,200.00",
    ]  # fmt: skip


def test_the_year_picker_offers_each_financial_year_of_the_books(signed_in, company, books):
    page = signed_in.get("/").content.decode()
    picker = page.split('id="year-picker"', 1)[1].split("</select>", 1)[0]
    options = re.findall(r'<option value="([\d-]+)"( selected)?>(FY [\d-]+)</option>', picker)
    today = timezone.localdate()
    assert options[-1] == ("2025-03-31", " selected", "FY 2024-25")  # the year of the books
    assert options[0][2] == f"FY {fiscal_year_of(today).label}"
    assert options[0][0] == today.isoformat()
