"""A Bahi running on one's own machine (`make run`, the `bahi` command): no debug pages and no
query log, plain HTTP on the loopback interface. Production behind TLS uses config.settings.prod."""

from .base import *  # noqa: F403
