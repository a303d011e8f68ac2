"""Settings of bench.api_http's server only (never shipped): Bahi's local settings, as `bahi
serve` runs them, with a URL conf that adds a plain "hello" view beside the app."""

from config.settings.local import *  # noqa: F403

ROOT_URLCONF = "bench.http_urls"
