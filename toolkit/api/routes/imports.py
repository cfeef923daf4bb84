"""The import ledger: one entry per file per run."""

from ninja import Router

from toolkit.areas.models import FACILITATOR_ROLES
from toolkit.evidence.models import ImportRun

from .. import schemas as s
from ..access import area_membership
from ..paging import PAGE, PAGE_SIZE, page_of
from ..schemas import READ_ERRORS

router = Router(tags=["Evidence"])


def _import_repr(run: ImportRun) -> dict:
    return {
        "id": run.public_id,
        "kind": run.kind,
        "file_name": run.file_name,
        "file_sha256": run.file_sha256,
        "file_format": run.file_format,
        "status": run.status,
        "dry_run": run.dry_run,
        "via": run.via,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "rows_read": run.rows_read,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "rejected": run.rejected,
        "skipped": run.skipped,
        "message": run.message,
    }


@router.get(
    "/areas/{gss_code}/imports",
    response={200: s.ImportRunPage, **READ_ERRORS},
    operation_id="imports_list",
    url_name="imports",
)
def imports_list(request, gss_code: str, page: int = PAGE, page_size: int = PAGE_SIZE):
    """The import ledger: one entry per file per run, newest first (facilitators)."""
    membership = area_membership(request, gss_code, roles=FACILITATOR_ROLES)
    runs = ImportRun.objects.filter(area=membership.area).order_by("-created_at", "-id")
    return page_of(runs, page, page_size, lambda rows: [_import_repr(r) for r in rows])
