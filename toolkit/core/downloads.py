"""Download responses for CSV and XLSX files (``core.exports`` writes them): a CSV is
streamed as its rows are written, an XLSX is sent from the temporary file it was written to,
so that a large area's file is never held in memory whole (docs/adr/0027).

Whatever the file needs from the database is read before the response is made (the callers
pass rows already read, made into cells as they are written): the queries run inside the
view, where the database-unavailable page and the query-count tests see them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse

from .exports import Sheet, csv_chunks, xlsx_file

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_download(header: Sequence[str], rows: Iterable[Sequence], filename: str):
    response = StreamingHttpResponse(csv_chunks(header, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def xlsx_download(sheets: Sequence[Sheet | tuple], filename: str):
    response = FileResponse(
        xlsx_file(sheets), as_attachment=True, filename=filename, content_type=XLSX_TYPE
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
