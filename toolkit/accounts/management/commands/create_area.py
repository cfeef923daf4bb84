from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from toolkit.accounts.services import invitation_create
from toolkit.areas.models import Role
from toolkit.areas.services import AreaSetupError, area_create_for_council
from toolkit.core.links import DEVELOPMENT_SITE_URL, site_url

FACILITATOR_ROLES_BY_SIDE = {"council": Role.FACILITATOR_COUNCIL, "vcs": Role.FACILITATOR_VCS}


class Command(BaseCommand):
    help = (
        "Set up the area of a real English council from the reference data, with its councils "
        "(county and district in two-tier areas). Idempotent. With --facilitator, also invite "
        "the area's first facilitator and print their link."
    )

    def add_arguments(self, parser):
        parser.add_argument("gss_code", help="The council's ONS GSS code, like E08000009")
        parser.add_argument(
            "--facilitator",
            metavar="EMAIL",
            help="Invite this person as the area's first facilitator (emailed, and printed here)",
        )
        parser.add_argument(
            "--side",
            choices=sorted(FACILITATOR_ROLES_BY_SIDE),
            default="council",
            help="Which side the facilitator runs the toolkit for (default: council)",
        )
        parser.add_argument("--name", default="", help="The facilitator's full name (optional)")
        parser.add_argument(
            "--site-url",
            default="",
            metavar="URL",
            help=(
                "Where the service runs, like http://localhost:8001, for the link when SITE_URL "
                f"is not set (default: {DEVELOPMENT_SITE_URL}, where `make run` serves)"
            ),
        )

    def handle(self, *args, gss_code, facilitator, side, name, **options):
        runs_at = (options.get("site_url") or "").strip().rstrip("/")
        if runs_at and not runs_at.startswith(("http://", "https://")):
            raise CommandError(
                f"{runs_at!r} is not an address: give one that starts with http:// or https://, "
                "like http://localhost:8001, after --site-url."
            )
        if runs_at and site_url() and runs_at != site_url():
            raise CommandError(
                f"SITE_URL is set ({site_url()}), and every link is built from it: leave out "
                "--site-url, or change SITE_URL."
            )
        if facilitator:
            try:
                validate_email(facilitator.strip())
            except ValidationError:
                raise CommandError(
                    f"{facilitator!r} is not an email address. Give one like "
                    "name@council.gov.uk after --facilitator."
                ) from None
        try:
            area, created = area_create_for_council(gss_code.strip().upper())
        except AreaSetupError as error:
            raise CommandError(str(error)) from error
        councils = ", ".join(o.name for o in area.organisations.filter(kind="council"))
        verb = "Created" if created else "Already set up:"
        self.stdout.write(f"{verb} {area.name} ({area.gss_code}); councils: {councils}")
        if not facilitator:
            return
        invited = invitation_create(
            area=area,
            invited_by=None,
            email=facilitator,
            full_name=name.strip(),
            role=FACILITATOR_ROLES_BY_SIDE[side],
            runs_at=runs_at,
        )
        invitation = invited.invitation
        self.stdout.write(
            f"Invited {invitation.email} as {invitation.get_role_display().lower()} of "
            f"{area.name}. The link works once, until {invitation.expires_at:%-d %B %Y}; "
            "open it where the service runs to create the account:\n"
            f"{invited.link}"
        )
        if site_url():
            self.stdout.write(f"(The link is built from SITE_URL, {site_url()}.)")
        elif runs_at:
            self.stdout.write(f"(The link is built from --site-url, {runs_at}.)")
        else:
            self.stdout.write(
                f"(SITE_URL is not set, so the link assumes {DEVELOPMENT_SITE_URL}, where "
                "`make run` serves. If the service runs at another address, set SITE_URL, or "
                "give --site-url with that address (like --site-url http://localhost:8001), "
                "and run the command again for a new link; or open the same path there.)"
            )
