from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django 5.2 changed this message's wording and its Chinese catalogue has not caught up,
    so users would read English; the message is carried here with its translation."""

    def get_error_message(self):
        return ngettext(
            "The password is too short: it must contain at least %(min_length)d character.",
            "The password is too short: it must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
