from toolkit.evidence.models import ImportKind

from ._import import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the contracts of an area's councils from OCDS release or record packages "
        "(Contracts Finder, Find a Tender). Releases are compiled per ocid."
    )
    kind = ImportKind.CONTRACTS
    help_files = "OCDS release or record packages (JSON)"
