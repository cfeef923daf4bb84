from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from toolkit.demo.context import DemoDataError
from toolkit.demo.services import (
    DEFAULT_DEMO_PASSWORD,
    DEMO_AREA_CODE,
    DEMO_PASSWORD_ENV,
    demo_area_load,
    demo_password,
)


class Command(BaseCommand):
    help = (
        f"Load (or refresh) the fictional demo area Eastmere ({DEMO_AREA_CODE}) with its "
        "departments, organisations and one demo sign-in per role. Idempotent. All demo users "
        f"share one password: ${DEMO_PASSWORD_ENV}, or {DEFAULT_DEMO_PASSWORD!r} when DEBUG is on."
    )

    def handle(self, *args, **options):
        password = demo_password()
        if password == DEFAULT_DEMO_PASSWORD and not settings.DEBUG:
            raise CommandError(
                f"The default demo password is published. Set {DEMO_PASSWORD_ENV} to a "
                "password of your own to load the demo area where DEBUG is off."
            )
        verbose = options["verbosity"] >= 2
        try:
            result = demo_area_load(self.stdout if verbose else None, password=password)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc

        area = result.area
        self.stdout.write(
            self.style.SUCCESS(f"Fictional demo area {area.name} loaded ({area.gss_code})")
        )
        label_width = max(len(login.role_label) for login in result.logins)
        email_width = max(len(login.email) for login in result.logins)
        for login in result.logins:
            self.stdout.write(
                f"{login.role_label:<{label_width}}\t{login.email:<{email_width}}\t{login.password}"
            )
