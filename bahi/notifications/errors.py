from bahi.core.errors import InvalidInput


class WebhookUrlNotPublic(InvalidInput):
    """A webhook URL whose host is not a public internet address (loopback, private, link-local
    ...): the server would post into its own network (OWASP API7:2023, SSRF). Answered 422."""

    code = "webhook_url_not_public"
