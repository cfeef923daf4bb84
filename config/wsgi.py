import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

from toolkit.core.startup import heap_freeze  # noqa: E402 (needs the application loaded)

heap_freeze()
