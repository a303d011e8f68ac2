import pytest

pytestmark = pytest.mark.django_db


def test_health_answers_and_home_asks_to_sign_in_without_data(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/")


def test_sign_in_with_a_password_opens_a_session(client, admin_user):
    response = client.post(
        "/accounts/login/", {"username": "owner", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(admin_user.pk)


def test_a_wrong_password_is_refused(client, admin_user):
    response = client.post("/accounts/login/", {"username": "owner", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
