from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Django's backend, with the email address matched case-insensitively."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None:
            username = username.strip().lower()
        return super().authenticate(request, username=username, password=password, **kwargs)
