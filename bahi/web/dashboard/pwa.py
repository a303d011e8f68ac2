"""The installable app: the web app manifest and the service worker's list of files to keep.

The service worker is served from /sw.js (not /static/) so that its scope is the whole site; the
files it precaches are the app shell: every stylesheet, script and icon this site ships.
"""

import hashlib
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

THEME_COLOUR = "#0f5d5e"
BACKGROUND_COLOUR = "#fffaf0"
# The app shell: static files under these prefixes (source maps and licences are not needed).
SHELL_PREFIXES = ("web/", "vendor/")
SHELL_SUFFIXES = (".css", ".js", ".png", ".svg", ".woff2")


def manifest() -> dict[str, object]:
    """The web app manifest (https://www.w3.org/TR/appmanifest/)."""
    icon = "web/pwa/icon-{}.png"
    return {
        "id": "/",
        "name": "Bahi accounting",
        "short_name": "Bahi",
        "description": "Double-entry books, GST invoices and reports for Indian businesses.",
        "lang": "en-IN",
        "dir": "ltr",
        "start_url": "/?source=pwa",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["business", "finance"],
        "icons": [
            {"src": static(icon.format(192)), "sizes": "192x192", "type": "image/png"},
            {"src": static(icon.format(512)), "sizes": "512x512", "type": "image/png"},
            {
                "src": static(icon.format("maskable-512")),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


def _shell_files() -> list[str]:
    """Static paths of the app shell, from every staticfiles finder, sorted."""
    paths: set[str] = set()
    for finder in finders.get_finders():
        for path, _storage in finder.list([]):
            normalised = path.replace("\\", "/")
            if normalised.startswith(SHELL_PREFIXES) and normalised.endswith(SHELL_SUFFIXES):
                paths.add(normalised)
    return sorted(paths)


@lru_cache(maxsize=1)
def precache() -> tuple[str, tuple[str, ...]]:
    """(version, URLs) for the service worker. The version is a digest of the shell's contents,
    so a release that changes any of them installs a new cache and drops the old one."""
    digest = hashlib.sha256()
    urls = [reverse("pwa-offline")]
    for path in _shell_files():
        found = finders.find(path)
        if found:
            with open(found, "rb") as handle:  # noqa: PTH123
                digest.update(path.encode() + b"\0" + handle.read())
        urls.append(static(path))
    return digest.hexdigest()[:16], tuple(urls)
