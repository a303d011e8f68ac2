"""Notifications: the transactional outbox and Bahi's signed outbound webhooks."""
