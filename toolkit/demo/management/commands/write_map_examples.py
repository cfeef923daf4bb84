from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toolkit.areas.models import Area
from toolkit.demo.services import DEMO_AREA_CODE
from toolkit.mapping.selectors import mapping_results, mapping_rounds_for_area
from toolkit.mapping.tool_files import FILES, map_file
from toolkit.rounds.selectors import round_results_visible


class Command(BaseCommand):
    help = (
        "Write the worked examples of the maps other tools open (docs/formats/) from the "
        f"fictional demo area ({DEMO_AREA_CODE}; load it first with load_demo), with the "
        "figures of its latest mapping round whose results may be seen. Workbooks are left "
        "out: they hold the same sheets as the CSV files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", default="docs/formats", help="The folder to write to.")

    def handle(self, *args, **options):
        area = Area.objects.filter(gss_code=DEMO_AREA_CODE).first()
        if area is None:
            raise CommandError("Load the demo area first: manage.py load_demo")
        rounds = [r for r in mapping_rounds_for_area(area) if round_results_visible(r)]
        results = mapping_results(rounds[0]) if rounds else None
        folder = Path(options["to"])
        folder.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            if name.endswith(".xlsx"):
                continue
            (folder / name).write_bytes(map_file(area, name, results))
            self.stdout.write(f"Wrote {folder / name}")
