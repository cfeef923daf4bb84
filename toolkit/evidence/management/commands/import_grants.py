from toolkit.evidence.models import ImportKind

from ._import import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the grants made by an area's councils from 360Giving files (JSON, CSV or "
        "XLSX). Each file is imported on its own, all or nothing."
    )
    kind = ImportKind.GRANTS
    help_files = "360Giving files (JSON, CSV or XLSX)"
