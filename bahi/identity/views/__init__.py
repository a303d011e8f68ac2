"""Pages of the identity app: sign-in (allauth, with Bahi's limits), invitations, the company
switcher, and the admins' pages for members, API keys, security events and the audit trail."""
