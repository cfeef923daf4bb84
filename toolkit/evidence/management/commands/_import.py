"""What the three import commands share: files, --area, --dry-run, the report, exit status."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toolkit.areas.models import Area
from toolkit.evidence.models import ImportRun
from toolkit.evidence.services import import_paths


class ImportCommand(BaseCommand):
    kind = ""
    together = False  # the register extract's tables are one import
    help_files = "one or more files"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help=self.help_files)
        parser.add_argument("--area", required=True, help="GSS code of the area, like E08000009")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count everything, save nothing"
        )

    def handle(self, *args, files, area, dry_run, **options):
        area_obj = Area.objects.filter(gss_code=area.strip().upper()).first()
        if area_obj is None:
            raise CommandError(
                f"No area with GSS code {area}: set it up first (manage.py create_area {area})."
            )
        paths = [Path(f) for f in files]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
        groups = [paths] if self.together else [[p] for p in paths]
        rejected = 0
        for group in groups:
            run = import_paths(self.kind, area_obj, group, dry_run=dry_run)
            rejected += run.status in (ImportRun.Status.REJECTED, ImportRun.Status.FAILED)
            self.report(run)
        if rejected:
            raise CommandError(f"{rejected} file{'s' if rejected != 1 else ''} rejected.")

    def report(self, run: ImportRun):
        style = self.style.SUCCESS if run.status in ("imported", "dry_run") else self.style.ERROR
        self.stdout.write(style(f"{run.file_name}: {run.get_status_display()}"))
        self.stdout.write(
            f"  format {run.file_format or '?'}; rows read {run.rows_read}; created {run.created}, "
            f"updated {run.updated}, unchanged {run.unchanged}, rejected {run.rejected}, "
            f"outside the area {run.skipped}"
        )
        if run.message:
            self.stdout.write(f"  {run.message}")
        for problem in run.problems:
            self.stdout.write(f"  row {problem['row']}, {problem['field']}: {problem['problem']}")
        for key, value in run.notes.items():
            if key not in ("saved", "files"):
                self.stdout.write(f"  {key.replace('_', ' ')}: {value}")
