"""Every figure one reader can read about an area's rounds, through every output that carries
figures from answers, as `Fact`s for the attacker's model.

Outputs read (the URLs come from the URLconfs; `OUTPUTS` names each one, and
test_coverage.py checks that every results URL is either read here or said to carry no
figures):

- mapping results pages: map, perspectives (council, sector, together, gaps), spatial,
  network, comments, compare;
- principles results pages: profile, gaps, barriers and pressures, comments, change over time;
- downloads: the profile CSV, the mapping and principles CSVs and the XLSX workbook;
- the API (a token of the reader's own): round results and barriers;
- reports: the area report as the reader downloads it in Word (DOCX, read with python-docx),
  the HTML that the PDF is printed from (the same `report_data` for the reader's scopes,
  rendered by `render_html`; WeasyPrint only lays it out, and text pulled back out of a PDF
  loses the table structure), and the summary page.

Parsing is deliberately forgiving: anything in a figure's place that is not a number ("fewer
than 5", "not shown", "Too few answers", blank, "None") is recorded as *not shown*, and a
row or column the parser does not recognise is skipped. test_coverage.py keeps that honest:
on a round where figures must be shown, each output must yield them."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser

from django.urls import reverse

from toolkit.assessment.questions import barriers_for_version, pressures_for_version, questions_for
from toolkit.register.models import Scale

from .model import (
    AXES,
    AXIS,
    BARRIER,
    BARRIER_BASE,
    COUNCIL,
    DIST,
    ELEMENT,
    MEMBERS,
    PRESSURE,
    PRESSURE_BASE,
    PRINCIPLE,
    RATED,
    SCALE_SAID,
    TOGETHER,
    VCS,
    Cell,
    Difference,
    Fact,
)

NUMBER = re.compile(r"^[+\-−]?\d+(?:\.\d+)?$")


def number(text) -> Decimal | None:
    """The figure in a cell, or None when the cell holds anything but one number."""
    if text is None:
        return None
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        return Decimal(str(text))
    text = str(text).strip().replace("−", "-").lstrip("'")
    if not NUMBER.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def leading_number(text: str) -> Decimal | None:
    """The number a figure's cell starts with ("3.4 Borderline …"), or None."""
    match = re.match(r"^\s*([+\-−]?\d+(?:\.\d+)?)(?:\s|$|\s*\()", str(text or ""))
    return number(match.group(1)) if match else None


def side_of(header: str) -> str | None:
    header = header.strip().lower()
    if header.startswith("council"):
        return COUNCIL
    if header.startswith(("vcs", "sector", "voluntary")):
        return VCS
    if header.startswith(("together", "both")):
        return TOGETHER
    return None


def axis_of(header: str) -> str | None:
    header = header.strip().lower()
    for axis, words in (
        ("strategic", ("strategic",)),
        ("proactive", ("proactive",)),
        ("financial", ("financial", "money")),
        ("time", ("time",)),
    ):
        if header.startswith(words):
            return axis
    return None


# --- tables from HTML and DOCX ------------------------------------------------------------


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.items: list[str] = []  # text of <li> elements
        self.paragraphs: list[str] = []
        self._stack: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_head = False
        self._caption: list[str] | None = None
        self._text: list[list[str]] = []  # open <li>/<p> buffers
        self._svg = 0

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self._svg += 1
        if self._svg:
            return
        if tag == "table":
            self._stack.append({"caption": "", "header": [], "rows": []})
        elif tag == "caption" and self._stack:
            self._caption = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._stack:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br":
            for buffer in (self._cell, *self._text):
                if buffer is not None:
                    buffer.append("\n")
        elif tag in ("li", "p"):
            self._text.append([])

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg -= 1
            return
        if self._svg:
            return
        if tag == "caption" and self._caption is not None:
            self._stack[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None:
            text = "\n".join(" ".join(line.split()) for line in "".join(self._cell).split("\n"))
            self._row.append(text.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._stack:
            table = self._stack[-1]
            if self._in_head or (not table["header"] and not table["rows"] and self._is_head):
                table["header"] = self._row
            else:
                table["rows"].append(self._row)
            self._row = None
        elif tag == "table" and self._stack:
            t = self._stack.pop()
            self.tables.append(Table(t["caption"], t["header"], t["rows"]))
        elif tag in ("li", "p") and self._text:
            text = "".join(self._text.pop())
            (self.items if tag == "li" else self.paragraphs).append(" ".join(text.split()))

    _is_head = False

    def handle_data(self, data):
        if self._svg:
            return
        for buffer in (self._cell, self._caption, *self._text):
            if buffer is not None:
                buffer.append(data)


def html_tables(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(html)
    return parser


def docx_tables(content: bytes) -> tuple[list[Table], str]:
    """Tables of a Word document, each with the caption paragraph before it, and its text."""
    from docx import Document

    document = Document(io.BytesIO(content))
    body = document.element.body
    tables, last_paragraph, text = [], "", []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            last_paragraph = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            text.append(last_paragraph)
        elif tag == "tbl":
            from docx.table import Table as DocxTable

            table = DocxTable(child, document)
            rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
            tables.append(Table(last_paragraph, rows[0] if rows else [], rows[1:]))
            text += [" | ".join(r) for r in rows]
    return tables, "\n".join(text)


# --- names -------------------------------------------------------------------------------


@dataclass
class Names:
    """Titles as outputs print them, for the items of one round."""

    round: str
    items: dict[str, tuple[str, str]] = field(default_factory=dict)  # title -> (kind, key)
    earlier: str = ""  # the round compared with, if any

    @classmethod
    def for_round(cls, round_) -> Names:
        names = cls(round_.name)
        if round_.previous_round_id:
            names.earlier = round_.previous_round.name
        version = round_.content_version
        if round_.includes_mapping:
            for rel in round_.mapping_relationships.select_related("relationship"):
                names.items[rel.relationship.title] = ("relationship", rel.relationship.title)
        if round_.has_assessment:
            for q in questions_for(version, round_.assessment):
                names.items[q.element_title] = (ELEMENT, q.element_slug)
                names.items[q.principle_title] = (PRINCIPLE, q.principle_slug)
            for b in barriers_for_version(version):
                names.items[b.title] = (BARRIER, b.slug)
            names.items["Other barriers respondents described"] = (BARRIER, "other")
            for p in pressures_for_version(version):
                names.items[p.title] = (PRESSURE, p.slug)
        return names

    def find(self, text: str) -> tuple[str, str] | None:
        """The item a row names: its first line is the title, or starts with it."""
        first = (text or "").split("\n")[0].strip()
        if first in self.items:
            return self.items[first]
        for title in sorted(self.items, key=len, reverse=True):
            if first.startswith(title):
                return self.items[title]
        return None

    def row_item(self, row: list[str]) -> tuple[str, str] | None:
        for text in row:
            found = self.find(text)
            if found:
                return found
        return None


@dataclass
class Reading:
    """What one reader collected."""

    facts: list[Fact] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    # (source, round, respondent, item) for each comment shown
    comments: list[tuple[str, str, str, str]] = field(default_factory=list)
    chart_marks: dict[str, int] = field(default_factory=dict)  # source -> marks read
    chart_problems: list[str] = field(default_factory=list)
    outputs: dict[str, int] = field(default_factory=dict)  # source -> facts read

    def add(self, source, cell, measure, value, text=""):
        self.facts.append(Fact(source, cell, measure, value, str(text)))
        self.outputs[source] = self.outputs.get(source, 0) + 1

    def diff(self, source, a, b, value):
        if value is not None:
            self.differences.append(Difference(source, a, b, value))
            self.outputs[source] = self.outputs.get(source, 0) + 1


# --- mapping tables -------------------------------------------------------------------------


def mapping_table(reading, source, names: Names, table: Table, group: str) -> None:
    """A table of relationships with a column per axis (mean) and perhaps the people who
    rated it, for one perspective."""
    columns = {}
    for j, header in enumerate(table.header):
        low = header.lower()
        if "people who rated" in low or low.strip() == "respondents":
            columns[j] = (RATED, None)
        elif (axis := axis_of(header)) is not None:
            columns[j] = (AXIS, axis)
    if not any(kind == AXIS for kind, _a in columns.values()):
        return
    for row in table.rows:
        item = names.row_item(row)
        if item is None or item[0] != "relationship":
            continue
        rel = item[1]
        for j, (kind, axis) in columns.items():
            if j >= len(row):
                continue
            if kind == RATED:
                reading.add(
                    source, Cell(names.round, RATED, rel, group), "count", number(row[j]), row[j]
                )
            else:
                cell = Cell(names.round, AXIS, (rel, axis), group)
                reading.add(source, cell, "mean", number(row[j]), row[j])


def tool_file(reading, source, names, header, rows) -> None:
    """A round's network file for Kumu or Polinode (mapping.tool_files): a connection per row
    named by its Label, each perspective's shown mean per axis ("Council: strategic"), and the
    gap ("Gap: strategic", council minus VCS)."""
    label = header.index("Label")
    for row in rows:
        item = names.find(row[label]) if label < len(row) else None
        if item is None or item[0] != "relationship":
            continue
        for j, column in enumerate(header):
            who, _sep, axis = column.partition(": ")
            if axis not in ("strategic", "proactive", "financial", "time") or j >= len(row):
                continue
            if who == "Gap":
                reading.diff(
                    source,
                    Cell(names.round, AXIS, (item[1], axis), COUNCIL),
                    Cell(names.round, AXIS, (item[1], axis), VCS),
                    signed(row[j]),
                )
            elif (group := side_of(who)) is not None:
                cell = Cell(names.round, AXIS, (item[1], axis), group)
                reading.add(source, cell, "mean", number(row[j]), row[j])


def pair(text: str) -> tuple[Decimal | None, Decimal | None]:
    parts = [p.strip() for p in (text or "").split(",")]
    if len(parts) != 2:
        return None, None
    return number(parts[0]), number(parts[1])


def mapping_gap_table(reading, source, names, table) -> None:
    """Council and sector positions (strategic, proactive) side by side."""
    for j, header in enumerate(table.header):
        group = side_of(header)
        if group not in (COUNCIL, VCS) or "strategic" not in header.lower():
            continue
        for row in table.rows:
            item = names.row_item(row)
            if item is None or item[0] != "relationship" or j >= len(row):
                continue
            for axis, value in zip(("strategic", "proactive"), pair(row[j]), strict=True):
                reading.add(
                    source, Cell(names.round, AXIS, (item[1], axis), group), "mean", value, row[j]
                )


def signed(text: str) -> Decimal | None:
    text = (text or "").strip()
    if text.lower().startswith("no change"):
        return Decimal(0)
    match = re.match(r"^([\d.]+) towards (\w+)", text)
    if match:
        value = Decimal(match.group(1))
        return value if match.group(2) in ("strategic", "proactive", "more") else -value
    return number(text)


def mapping_difference_table(reading, source, names, table, a_round, b_round, a_group, b_group):
    """Per-axis differences (a − b) of means, one column per axis."""
    for j, header in enumerate(table.header):
        axis = axis_of(header)
        if axis is None:
            continue
        for row in table.rows:
            item = names.row_item(row)
            if item is None or item[0] != "relationship" or j >= len(row):
                continue
            rel = item[1]
            reading.diff(
                source,
                Cell(a_round, AXIS, (rel, axis), a_group),
                Cell(b_round, AXIS, (rel, axis), b_group),
                signed(row[j]),
            )


def spatial_table(reading, source, names, table) -> None:
    scales = [value for value, _label in Scale.choices]
    for j, header in enumerate(table.header):
        if not header.lower().startswith("respondents who said"):
            continue
        for row in table.rows:
            item = names.row_item(row)
            if item is None or item[0] != "relationship" or j >= len(row):
                continue
            parts = [p.strip() for p in row[j].split(",")]
            values = [number(p) for p in parts] if len(parts) == len(scales) else [None] * 3
            for scale, value in zip(scales, values, strict=True):
                cell = Cell(names.round, SCALE_SAID, (item[1], scale), TOGETHER)
                reading.add(source, cell, "count", value, row[j])


# --- principles tables ----------------------------------------------------------------------


def profile_table(reading, source, names, table, round_name=None) -> None:
    """Rows of principles, elements, barriers or pressures; a column per side. A figure's
    cell starts with its mean (or count); "N respondents" in it is its n; "(of N)" in a
    barrier column's header is the number who answered the question."""
    round_name = round_name or names.round
    columns = {j: side_of(h) for j, h in enumerate(table.header) if side_of(h)}
    if not columns:
        return
    caption = table.caption.lower()
    for j, group in columns.items():
        base = re.search(r"\(of (\d+)\)", table.header[j])
        if base:
            kind = PRESSURE_BASE if "pressure" in caption else BARRIER_BASE
            reading.add(source, Cell(round_name, kind, "", group), "count", number(base.group(1)))
    for row in table.rows:
        item = names.row_item(row)
        if item is None:
            continue
        kind, key = item
        if kind == "relationship":
            continue
        for j, group in columns.items():
            if j >= len(row):
                continue
            text = row[j]
            cell = Cell(round_name, kind, key, group)
            if kind in (BARRIER, PRESSURE):
                reading.add(source, cell, "count", number(text), text)
                continue
            if " to " in text and ("up" in text or "down" in text or "no change" in text):
                continue  # a change over time: trend_table reads it
            mean = leading_number(text)
            reading.add(source, cell, "mean", mean, text)
            if mean is not None and (n := re.search(r"(\d+) respondents?", text)):
                reading.add(source, cell, "n", Decimal(n.group(1)), text)


def distribution_table(reading, source, names, table) -> None:
    """Rows "Element: Council" with the number of answers at 1–5 and don't know."""
    columns = {}
    for j, header in enumerate(table.header):
        h = header.strip().lower()
        if h in {"1", "2", "3", "4", "5"}:
            columns[j] = f"dist{h}"
        elif h.startswith("don"):
            columns[j] = "dk"
    if len(columns) < 5:
        return
    for row in table.rows:
        if not row or ":" not in row[0]:
            continue
        title, _sep, label = row[0].rpartition(":")
        item, group = names.find(title), side_of(label)
        if item is None or group is None:
            continue
        cell = Cell(names.round, item[0], item[1], group)
        for j, measure in columns.items():
            value = number(row[j]) if j < len(row) else None
            reading.add(source, cell, measure, value, row[j] if j < len(row) else "")


def gap_table(reading, source, names, table) -> None:
    """Council mean, VCS mean and their difference."""
    council = next((j for j, h in enumerate(table.header) if side_of(h) == COUNCIL), None)
    vcs = next((j for j, h in enumerate(table.header) if side_of(h) == VCS), None)
    gap = next(
        (j for j, h in enumerate(table.header) if h.lower().startswith(("gap", "difference"))),
        None,
    )
    if council is None or vcs is None or gap is None:
        return
    for row in table.rows:
        item = names.row_item(row)
        if item is None or item[0] not in (ELEMENT, PRINCIPLE):
            continue
        c, v = Cell(names.round, *item, COUNCIL), Cell(names.round, *item, VCS)
        reading.add(source, c, "mean", leading_number(row[council]), row[council])
        reading.add(source, v, "mean", leading_number(row[vcs]), row[vcs])
        reading.diff(source, c, v, number(row[gap]))


def trend_table(reading, source, names, table, earlier: str) -> None:
    """ "3.2 to 3.4, up 0.2" per side: the earlier round's mean and this round's."""
    for j, header in enumerate(table.header):
        group = side_of(header)
        if group is None:
            continue
        for row in table.rows:
            item = names.row_item(row)
            if item is None or j >= len(row):
                continue
            match = re.match(r"^\s*([\d.]+) to ([\d.]+)", row[j])
            if not match:
                continue
            reading.add(source, Cell(earlier, *item, group), "mean", number(match.group(1)), row[j])
            reading.add(
                source, Cell(names.round, *item, group), "mean", number(match.group(2)), row[j]
            )


def listed_means(reading, source, names, texts, group=TOGETHER) -> None:
    """ "Title: 3.4 (borderline)" or "Title (3.4)" in lists and sentences; "Title: 3.2 to 3.4,
    up 0.2" is a change: the earlier round's mean, then this round's."""
    for text in texts:
        for title, (kind, key) in names.items.items():
            if kind not in (ELEMENT, PRINCIPLE):
                continue
            for match in re.finditer(
                re.escape(title) + r"(?::| \()\s*(\d\.\d)\b(?: to (\d\.\d)\b)?", text
            ):
                if match.group(2) is None:
                    reading.add(
                        source,
                        Cell(names.round, kind, key, group),
                        "mean",
                        number(match.group(1)),
                        text,
                    )
                    continue
                assert names.earlier, f"{source} prints a change with no earlier round: {text!r}"
                reading.add(
                    source,
                    Cell(names.earlier, kind, key, group),
                    "mean",
                    number(match.group(1)),
                    text,
                )
                reading.add(
                    source,
                    Cell(names.round, kind, key, group),
                    "mean",
                    number(match.group(2)),
                    text,
                )


def chart_text(reading, source, names, texts) -> None:
    """ "Title: Council 3.4 (borderline), VCS not shown." (the chart as text)."""
    for text in texts:
        for title, (kind, key) in names.items.items():
            if kind != ELEMENT:
                continue
            match = re.search(re.escape(title) + r": Council (.+?), VCS (.+?)\.(?:\s|$)", text)
            if not match:
                continue
            for group, part in ((COUNCIL, match.group(1)), (VCS, match.group(2))):
                reading.add(
                    source, Cell(names.round, kind, key, group), "mean", leading_number(part), part
                )


# --- spreadsheets ---------------------------------------------------------------------------


def dataset_rows(reading, source, names_by_round, header, rows) -> None:
    """The mapping, principles and profile downloads: one row per cell."""
    col = {h.strip().lower(): j for j, h in enumerate(header)}

    def get(row, *keys):
        for key in keys:
            if key in col and col[key] < len(row):
                return row[col[key]]
        return None

    for row in rows:
        round_name = get(row, "round")
        names = names_by_round.get(round_name) if round_name else None
        if names is None and len(names_by_round) == 1 and round_name is None:
            names = next(iter(names_by_round.values()))
        if names is None:
            continue
        group = side_of(str(get(row, "perspective", "side") or ""))
        if group is None:
            continue
        axis = get(row, "axis")
        if axis is not None:
            rel = get(row, "relationship")
            if names.find(str(rel)) is None or str(axis) not in AXES:
                continue
            cell = Cell(names.round, AXIS, (names.find(str(rel))[1], str(axis)), group)
        else:
            level = str(get(row, "level") or "").lower()
            kind = {"principle": PRINCIPLE, "element": ELEMENT}.get(level)
            key = get(row, "id")
            if kind is None or not key:
                continue
            cell = Cell(names.round, kind, str(key), group)
        mean = number(get(row, "mean"))
        reading.add(source, cell, "mean", mean, get(row, "mean"))
        n = number(get(row, "respondents"))
        if n is not None or mean is None:
            reading.add(source, cell, "n", n, get(row, "respondents"))
        for v in range(1, 6):
            text = get(row, f"answered {v}")
            if text is not None:
                reading.add(source, cell, f"dist{v}", number(text), text)
        text = get(row, "don't know", "don’t know")
        if text is not None:
            reading.add(source, cell, "dk", number(text), text)


def csv_rows(content: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return (rows[0], rows[1:]) if rows else ([], [])


# --- the API -------------------------------------------------------------------------------


def api_results(reading, source, names, body) -> None:
    for key, kind in (("principles", PRINCIPLE), ("elements", ELEMENT)):
        for row in body.get(key) or []:
            for group in (COUNCIL, VCS, TOGETHER):
                figure = row.get(group) or {}
                cell = Cell(names.round, kind, row["slug"], group)
                mean = figure.get("mean")
                reading.add(source, cell, "mean", number(mean) if mean is not None else None)
                n = figure.get("n")
                if n is not None:
                    reading.add(source, cell, "n", number(n))
                dist = figure.get("distribution")
                for measure, value in zip(DIST, dist or [None] * 5, strict=True):
                    reading.add(source, cell, measure, number(value) if value is not None else None)
                dk = figure.get("dont_know")
                reading.add(source, cell, "dk", number(dk) if dk is not None else None)
    api_ticks(reading, source, names, body.get("barriers") or [], BARRIER)
    for row in body.get("map") or []:
        rel = names.find(row.get("title", ""))
        if rel is None:
            continue
        for group in (COUNCIL, VCS, TOGETHER):
            axes = row.get(group) or {}
            for axis in AXES:
                value = axes.get(axis)
                cell = Cell(names.round, AXIS, (rel[1], axis), group)
                reading.add(source, cell, "mean", number(value) if value is not None else None)


def api_ticks(reading, source, names, rows, kind) -> None:
    for row in rows:
        for group in (COUNCIL, VCS, TOGETHER):
            value = row.get(group)
            cell = Cell(names.round, kind, row["slug"], group)
            reading.add(source, cell, "count", number(value) if value is not None else None)


def api_barriers(reading, source, names, body) -> None:
    api_ticks(reading, source, names, body.get("barriers") or [], BARRIER)
    for group, value in (body.get("respondents") or {}).items():
        side_counts = [row.get(group) for row in body.get("barriers") or []]
        # A base printed as 0 beside a side whose counts are all withheld stands for "not
        # shown" (the endpoint writes 0 there), not for nobody.
        if value == 0 and side_counts and all(c is None for c in side_counts):
            value = None
        cell = Cell(names.round, BARRIER_BASE, "", side_of(group) or group)
        reading.add(source, cell, "count", number(value) if value is not None else None)


# --- one reader, every output ----------------------------------------------------------------


class Reader:
    """A signed-in member of the area (Django's test client) with an API token of their own."""

    def __init__(self, membership, client_class):
        from toolkit.api.services import api_token_create

        self.membership = membership
        self.client = client_class()
        self.client.force_login(membership.user)
        _token, self.token = api_token_create(membership.user, name="attacker", scope="read")

    def get(self, url, **extra):
        response = self.client.get(url, **extra)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        return response

    def api(self, url):
        return self.get(url, HTTP_AUTHORIZATION=f"Bearer {self.token}").json()


def map_marks(html: str) -> list[tuple[Decimal, Decimal]]:
    """(strategic, proactive) of every mark on the page's strategic maps, from its centre."""
    from toolkit.mapping.charts import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH

    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    marks = []
    for svg in re.findall(r'<svg[^>]*class="app-chart"[^>]*>(.*?)</svg>', html, re.S):
        if "Proactive or reactive" not in svg:
            continue  # not a strategic map
        centres = [
            (float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
        ]
        for x, y, w, h, fill in re.findall(
            r'<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)" fill="([^"]+)"',
            svg,
        ):
            if fill != "none" and float(w) < 60:
                centres.append((float(x) + float(w) / 2, float(y) + float(h) / 2))
        for x, y in centres:
            proactive = 1 + (x - LEFT) * 4 / plot_w
            strategic = 1 + (TOP + plot_h - y) * 4 / plot_h
            marks.append((Decimal(str(round(strategic, 3))), Decimal(str(round(proactive, 3)))))
    return marks


def charts_match_tables(reading: Reading, source: str, html: str) -> None:
    """Every mark on a page's maps is a pair of means its tables show: a chart must not plot a
    figure the tables withhold."""
    means = {}
    for fact in reading.facts:
        if fact.source == source and fact.measure == "mean" and fact.value is not None:
            rel, axis = fact.cell.item
            means.setdefault((fact.cell.round, rel, fact.cell.group), {})[axis] = fact.value
    pairs = [
        (m["strategic"], m["proactive"])
        for m in means.values()
        if len(m.keys() & {"strategic", "proactive"}) == 2
    ]
    marks = map_marks(html)
    reading.chart_marks[source] = reading.chart_marks.get(source, 0) + len(marks)
    for strategic, proactive in marks:
        if not any(
            abs(s - strategic) <= Decimal("0.006") and abs(p - proactive) <= Decimal("0.006")
            for s, p in pairs
        ):
            reading.chart_problems.append(
                f"{source}: a mark at strategic {strategic}, proactive {proactive} is not a "
                "pair of means the page's table shows"
            )


def mapping_pages(reader: Reader, reading: Reading, round_, names: Names) -> None:
    code, rid = round_.area.gss_code, round_.public_id
    kwargs = {"area_code": code, "round_id": rid}
    html = reader.get(reverse("mapping:map", kwargs=kwargs)).content.decode()
    for table in html_tables(html).tables:
        mapping_table(reading, "mapping map page", names, table, TOGETHER)
    charts_match_tables(reading, "mapping map page", html)
    base = reverse("mapping:perspectives", kwargs=kwargs)
    for view, group in (("council", COUNCIL), ("vcs", VCS), ("together", TOGETHER)):
        source = f"mapping perspectives page ({view})"
        html = reader.get(f"{base}?view={view}").content.decode()
        for table in html_tables(html).tables:
            mapping_table(reading, source, names, table, group)
        charts_match_tables(reading, source, html)
    html = reader.get(f"{base}?view=gaps").content.decode()
    for table in html_tables(html).tables:
        mapping_gap_table(reading, "mapping perspectives page (gaps)", names, table)
    charts_match_tables(reading, "mapping perspectives page (gaps)", html)
    from toolkit.areas.permissions import member_scopes
    from toolkit.areas.scopes import GrantScope

    if GrantScope.REGISTER in member_scopes(reader.membership):  # the files carry the register
        for file_name in ("kumu-connections.csv", "polinode-edges.csv"):
            url = reverse("mapping:round-file", kwargs={**kwargs, "file_name": file_name})
            header, rows = csv_rows(reader.get(url).content)
            tool_file(reading, f"mapping file {file_name}", names, header, rows)
    page = html_tables(reader.get(reverse("mapping:spatial", kwargs=kwargs)).content.decode())
    for table in page.tables:
        spatial_table(reading, "mapping spatial page", names, table)
    # The network page is drawn from the register (who is party to which relationship), not
    # from answers; it is read so that a figure from answers added to it would be noticed.
    reader.get(reverse("mapping:network", kwargs=kwargs))
    html = reader.get(reverse("mapping:comments", kwargs=kwargs)).content.decode()
    comments_page(reading, "mapping comments page", names, html)
    if round_.previous_round_id:
        earlier = round_.previous_round.name
        page = html_tables(reader.get(reverse("mapping:compare", kwargs=kwargs)).content.decode())
        for table in page.tables:
            if not any(h.lower().startswith("before") for h in table.header):
                continue
            for row in table.rows:
                item = names.row_item(row)
                if item is None:
                    continue
                for j, h in enumerate(table.header):
                    which = earlier if h.lower().startswith("before") else names.round
                    if h.lower().startswith(("before", "now")) and j < len(row):
                        for axis, value in zip(
                            ("strategic", "proactive"), pair(row[j]), strict=True
                        ):
                            cell = Cell(which, AXIS, (item[1], axis), TOGETHER)
                            reading.add("mapping compare page", cell, "mean", value, row[j])
            mapping_difference_table(
                reading,
                "mapping compare page",
                names,
                table,
                names.round,
                earlier,
                TOGETHER,
                TOGETHER,
            )


# The comments world.py writes name their writer and what they are about, so that what a page
# shows can be traced back without reading its layout.
COMMENT = re.compile(
    r"A comment from (?:(?:council|vcs) respondent )?(\w+) on ([^<]+?)\.(?:\s|<|$)"
    r"|Another barrier seen by (\w+)\."
)


def comments_page(reading, source, names, html) -> None:
    """Which respondents' comments (on which item) a page shows."""
    for match in COMMENT.finditer(html):
        respondent = match.group(1) or match.group(3)
        item = match.group(2) or "other barrier"
        reading.comments.append((source, names.round, respondent, item))


def principles_pages(reader: Reader, reading: Reading, round_, names: Names) -> None:
    code, rid = round_.area.gss_code, round_.public_id
    kwargs = {"area_code": code, "round_id": rid}
    page = html_tables(reader.get(reverse("assessment:profile", kwargs=kwargs)).content.decode())
    for table in page.tables:
        profile_table(reading, "principles profile page", names, table)
        distribution_table(reading, "principles profile page", names, table)
    listed_means(reading, "principles profile page", names, page.items)
    chart_text(reading, "principles profile page", names, page.paragraphs)
    page = html_tables(reader.get(reverse("assessment:gaps", kwargs=kwargs)).content.decode())
    for table in page.tables:
        gap_table(reading, "principles gaps page", names, table)
    page = html_tables(reader.get(reverse("assessment:barriers", kwargs=kwargs)).content.decode())
    for table in page.tables:
        profile_table(reading, "principles barriers page", names, table)
    html = reader.get(reverse("assessment:comments", kwargs=kwargs)).content.decode()
    comments_page(reading, "principles comments page", names, html)
    if round_.previous_round_id:
        page = html_tables(reader.get(reverse("assessment:trend", kwargs=kwargs)).content.decode())
        for table in page.tables:
            trend_table(reading, "principles change page", names, table, round_.previous_round.name)
    header, rows = csv_rows(reader.get(reverse("assessment:profile-csv", kwargs=kwargs)).content)
    dataset_rows(reading, "profile.csv", {names.round: names}, header, rows)
    if round_.group_questions:
        html = reader.get(reverse("assessment:groups", kwargs=kwargs)).content.decode()
        groups_page(reading, "principles by-group page", names, html)
        header, rows = csv_rows(reader.get(reverse("assessment:groups-csv", kwargs=kwargs)).content)
        groups_csv(reading, "groups.csv", names, header, rows)


def downloads(reader: Reader, reading: Reading, area, names_by_round) -> None:
    for dataset in ("mapping", "principles"):
        url = reverse("reports:data-csv", kwargs={"area_code": area.gss_code, "dataset": dataset})
        header, rows = csv_rows(reader.get(url).getvalue())
        dataset_rows(reading, f"{dataset}.csv", names_by_round, header, rows)
    from openpyxl import load_workbook

    url = reverse("reports:data-xlsx", kwargs={"area_code": area.gss_code})
    content = reader.get(url).getvalue()
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    for sheet in workbook.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        if rows:
            header = [str(h or "") for h in rows[0]]
            body = [["" if v is None else v for v in r] for r in rows[1:]]
            dataset_rows(reading, f"all.xlsx ({sheet.title})", names_by_round, header, body)


def api(reader: Reader, reading: Reading, round_, names: Names) -> None:
    kwargs = {"gss_code": round_.area.gss_code, "round_id": round_.public_id}
    body = reader.api(reverse("api:round-results", kwargs=kwargs))
    api_results(reading, "API results", names, body)
    api_groups(reading, "API results (by group)", names, body)
    if round_.has_assessment:
        body = reader.api(reverse("api:round-barriers", kwargs=kwargs))
        api_barriers(reading, "API barriers", names, body)


def report_tables(reading, source, tables, texts, names_by_round, latest) -> None:
    """The area report's tables (DOCX or the PDF's HTML), about the latest visible rounds."""
    mapping_names = latest.get("mapping")
    principles_names = latest.get("principles")
    for table in tables:
        caption = table.caption.lower()
        if (
            mapping_names
            and "council minus vcs" in caption
            and "relationship" in " ".join(table.header).lower()
        ):
            mapping_difference_table(
                reading,
                source,
                mapping_names,
                table,
                mapping_names.round,
                mapping_names.round,
                COUNCIL,
                VCS,
            )
        elif mapping_names and any(axis_of(h) for h in table.header):
            mapping_table(reading, source, mapping_names, table, TOGETHER)
        elif principles_names:
            if any(h.lower().startswith("difference") for h in table.header):
                gap_table(reading, source, principles_names, table)
            else:
                profile_table(reading, source, principles_names, table)
    if principles_names:
        listed_means(reading, source, principles_names, texts)


def reports(reader: Reader, reading: Reading, area, names_by_round, latest) -> None:
    from toolkit.areas.permissions import member_scopes
    from toolkit.reports.content import report_data
    from toolkit.reports.models import Report
    from toolkit.reports.render import render_html

    index = reverse("reports:index", kwargs={"area_code": area.gss_code})
    response = reader.client.post(index, {"kind": "area", "format": "docx"})
    assert response.status_code == 302, response.status_code
    report = Report.objects.filter(area=area, requested_by=reader.membership.user).latest(
        "created_at"
    )
    url = reverse(
        "reports:download-docx", kwargs={"area_code": area.gss_code, "report_id": report.public_id}
    )
    tables, text = docx_tables(reader.get(url).content)
    report_tables(reading, "area report (DOCX)", tables, text.split("\n"), names_by_round, latest)

    data = report_data(area, member_scopes(reader.membership), kind="area")
    page = html_tables(render_html(data, "area"))
    report_tables(
        reading,
        "area report (PDF's HTML)",
        page.tables,
        page.items + page.paragraphs,
        names_by_round,
        latest,
    )

    page = html_tables(
        reader.get(reverse("reports:summary", kwargs={"area_code": area.gss_code})).content.decode()
    )
    report_tables(
        reading, "summary page", page.tables, page.items + page.paragraphs, names_by_round, latest
    )


def read_everything(membership, client_class, world) -> Reading:
    """Everything one reader can read about the world's rounds."""
    reader = Reader(membership, client_class)
    reading = Reading()
    names_by_round = {}
    for name, round_ in world.rounds.items():
        names = Names.for_round(round_)
        names_by_round[name] = names
        if round_.includes_mapping:
            mapping_pages(reader, reading, round_, names)
        if round_.has_assessment:
            principles_pages(reader, reading, round_, names)
        api(reader, reading, round_, names)
    # Downloads and reports are about the newest round of each kind whose results can be
    # shown (every round here is closed, so the newest).
    ordered = list(world.rounds.values())
    latest = {}
    for round_ in ordered:
        if round_.includes_mapping:
            latest["mapping"] = names_by_round[round_.name]
        if round_.has_assessment:
            latest["principles"] = names_by_round[round_.name]
    downloads(reader, reading, world.area, names_by_round)
    reports(reader, reading, world.area, names_by_round, latest)
    return reading


def iter_sources(reading: Reading) -> Iterator[str]:
    yield from sorted(reading.outputs)


# --- results by group (issue 18, item 2) -----------------------------------------------------


def _group_names():
    """Per question key: label -> group value, and the question's "by ..." words."""
    from toolkit.rounds.groups import NOT_SAID, QUESTIONS

    labels = {
        q.key: {**{label: v for v, label in q.options}, "Not said": NOT_SAID} for q in QUESTIONS
    }
    shorts = {q.short: q.key for q in QUESTIONS}
    values = {q.key: (*(v for v, _l in q.options), NOT_SAID) for q in QUESTIONS}
    return labels, shorts, values


def _withhold_group_item(reading, source, names, side, key, item) -> None:
    _labels, _shorts, values = _group_names()
    for value in values[key]:
        reading.add(source, Cell(names.round, *item, (side, key, value)), "mean", None)


def _withhold_group_view(reading, source, names, side, key) -> None:
    """A view not shown: none of its cells are (which the attacker checks can't be worked
    out)."""
    _labels, _shorts, values = _group_names()
    for value in values[key]:
        reading.add(source, Cell(names.round, MEMBERS, "", (side, key, value)), "count", None)
    for kind, slug in set(names.items.values()):
        if kind in (ELEMENT, PRINCIPLE):
            _withhold_group_item(reading, source, names, side, key, (kind, slug))


def groups_page(reading, source, names, html) -> None:
    labels, shorts, _values = _group_names()
    for side_words, short, withheld in re.findall(
        r'<h2 class="govuk-heading-l">(Council|Voluntary and community sector): by ([^<]+)</h2>'
        r'\s*(<div class="govuk-inset-text">Not shown)?',
        html,
    ):
        if withheld:
            side = COUNCIL if side_words == "Council" else VCS
            _withhold_group_view(reading, source, names, side, shorts[short])
    for table in html_tables(html).tables:
        match = re.match(r"^(Council|Sector) mean agreement by (.+)$", table.caption)
        if not match:
            continue
        side, key = (COUNCIL if match.group(1) == "Council" else VCS), shorts[match.group(2)]
        groups = [labels[key][h] for h in table.header[1:]]
        for row in table.rows:
            if row[0] == "Respondents":
                for value, text in zip(groups, row[1:], strict=True):
                    cell = Cell(names.round, MEMBERS, "", (side, key, value))
                    reading.add(source, cell, "count", number(text), text)
                continue
            item = names.find(row[0])
            if item is None:
                continue
            if len(row) == 2 and row[1].startswith("Not shown"):
                _withhold_group_item(reading, source, names, side, key, item)
                continue
            for value, text in zip(groups, row[1:], strict=True):
                cell = Cell(names.round, *item, (side, key, value))
                mean = leading_number(text)
                reading.add(source, cell, "mean", mean, text)
                if mean is not None and (n := re.search(r"(\d+) respondents?", text)):
                    reading.add(source, cell, "n", Decimal(n.group(1)), text)


def groups_csv(reading, source, names, header, rows) -> None:
    col = {h: j for j, h in enumerate(header)}
    for row in rows:
        side, key, value, level = (row[col[h]] for h in ("side", "question", "group", "level"))
        if not level:
            _withhold_group_view(reading, source, names, side, key)
            continue
        if level == "respondents":
            cell = Cell(names.round, MEMBERS, "", (side, key, value))
            reading.add(source, cell, "count", number(row[col["respondents"]]))
            continue
        item = ({"principle": PRINCIPLE, "element": ELEMENT}[level], row[col["id"]])
        if not value:
            _withhold_group_item(reading, source, names, side, key, item)
            continue
        cell = Cell(names.round, *item, (side, key, value))
        mean = number(row[col["mean"]])
        reading.add(source, cell, "mean", mean, row[col["mean"]])
        if mean is not None:
            reading.add(source, cell, "n", number(row[col["respondents"]]))


def api_groups(reading, source, names, body) -> None:
    for view in body.get("by_group") or []:
        side, key = view["side"], view["question"]
        if not view["shown"]:
            _withhold_group_view(reading, source, names, side, key)
            continue
        for group in view["groups"]:
            cell = Cell(names.round, MEMBERS, "", (side, key, group["group"]))
            value = group["respondents"]
            reading.add(source, cell, "count", number(value) if value is not None else None)
        for row in view["rows"]:
            item = ({"principle": PRINCIPLE, "element": ELEMENT}[row["level"]], row["slug"])
            if not row["shown"]:
                _withhold_group_item(reading, source, names, side, key, item)
                continue
            for figure in row["figures"]:
                cell = Cell(names.round, *item, (side, key, figure["group"]))
                mean = figure["mean"]
                reading.add(source, cell, "mean", number(mean) if mean is not None else None)
                if mean is not None:
                    reading.add(source, cell, "n", number(figure["respondents"]))
