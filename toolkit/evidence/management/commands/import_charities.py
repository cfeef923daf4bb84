from toolkit.evidence.models import ImportKind

from ._import import ImportCommand


class Command(ImportCommand):
    help = (
        "Import charities working in an area from the Charity Commission register extract "
        "(the charity, area of operation and classification tables, JSON or TXT, given "
        "together) or from a processed subset CSV such as Trafford Data Lab's."
    )
    kind = ImportKind.CHARITIES
    together = True
    help_files = "register extract tables (imported together) or subset CSV files"
