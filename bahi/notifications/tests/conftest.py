from bahi.notifications.tests.receiver import receiver

__all__ = ["receiver"]
