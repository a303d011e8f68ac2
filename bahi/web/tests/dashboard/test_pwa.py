import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


def test_the_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Bahi accounting"
    assert manifest["short_name"] == "Bahi"
    assert manifest["start_url"] == "/?source=pwa"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0f5d5e"
    assert [(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]] == [
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    ]


def test_each_icon_is_a_png_of_the_size_the_manifest_says(client):
    for icon in client.get("/manifest.webmanifest").json()["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path is not None, icon["src"]
        with Image.open(Path(path)) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_the_maskable_icon_fills_its_square(client):
    path = finders.find("web/pwa/icon-maskable-512.png")
    with Image.open(io.BytesIO(Path(path).read_bytes())) as image:
        # A maskable icon is cropped to a circle or squircle: its corners must not be blank.
        assert image.convert("RGBA").getpixel((0, 0))[3] == 255


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]


def test_the_service_worker_precaches_the_app_shell_and_the_offline_page(client):
    body = client.get("/sw.js").content.decode()
    for url in (
        "/offline/",
        "/static/web/pwa/register.js",
        "/static/web/dashboard/dashboard.css",
        "/static/web/dashboard/dashboard.js",
        "/static/vendor/chart.js/chart.umd.min.js",
        "/static/web/pwa/icon-192.png",
    ):
        assert f'"{url}"' in body
    assert ".map" not in body.split("const PRECACHE", 1)[1].split("\n", 1)[0]
    assert 'url.pathname.startsWith("/static/")' in body


def test_the_offline_page_needs_no_sign_in_and_names_nobody(client, admin_user):
    response = client.get("/offline/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are offline" in page
    assert "Sign out" not in page


def test_every_page_links_the_manifest_and_registers_the_worker(client, admin_user, company):
    client.force_login(admin_user)
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#0f5d5e">' in page
    assert 'src="/static/web/pwa/register.js" data-sw="/sw.js"' in page
    assert 'rel="apple-touch-icon"' in page
