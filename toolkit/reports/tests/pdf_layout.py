"""Where each piece of text of a PDF page sits, read with pypdf (issue 14: a chart ran into
the footer). pypdf reports text inside a form XObject (WeasyPrint draws every SVG chart as
one) in the form's own coordinates, so the transformation in force at each `Do` is kept and
applied to the text inside it."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

MM = 72 / 25.4
BOTTOM_MARGIN = 22 * MM  # reports/pdf/_style.html: @page margin 20mm 18mm 22mm
FOOTER = re.compile(r"^Page \d+ of \d+$")


@dataclass(frozen=True)
class TextBox:
    page: int
    text: str
    x: float
    y: float  # baseline, points from the bottom of the page
    size: float

    @property
    def bottom(self) -> float:
        return self.y - 0.25 * self.size  # descenders

    @property
    def top(self) -> float:
        return self.y + self.size


def _multiply(m, n):
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def text_boxes(content: bytes) -> list[TextBox]:
    boxes = []
    for number, page in enumerate(PdfReader(io.BytesIO(content)).pages, start=1):
        forms = [[1, 0, 0, 1, 0, 0]]

        def before(operator, operands, cm, tm, forms=forms):
            if operator == b"Do":
                forms.append(_multiply(cm, forms[-1]))

        def after(operator, operands, cm, tm, forms=forms):
            if operator == b"Do":
                forms.pop()

        def text(value, cm, tm, font, size, number=number, forms=forms):
            if value.strip():
                m = _multiply(_multiply(tm, cm), forms[-1])
                scale = (m[2] ** 2 + m[3] ** 2) ** 0.5
                boxes.append(TextBox(number, value.strip(), m[4], m[5], size * scale))

        page.extract_text(
            visitor_text=text, visitor_operand_before=before, visitor_operand_after=after
        )
    return boxes


def footer_overlaps(content: bytes) -> list[TextBox]:
    """Every text box, other than the footer's own, that reaches into the footer's band
    (the page's bottom margin, where 'Page N of M' and the area's name are printed)."""
    boxes = text_boxes(content)
    footers = {b.page for b in boxes if FOOTER.match(b.text)}
    pages = {b.page for b in boxes}
    assert footers == pages, "every page has its 'Page N of M' footer"
    footer_lines = {b.y for b in boxes if FOOTER.match(b.text)}
    return [
        b
        for b in boxes
        if b.bottom < BOTTOM_MARGIN and not (b.y in footer_lines and b.top < BOTTOM_MARGIN)
    ]


def page_endings(content: bytes) -> dict[int, str]:
    """Each page's last line of text above the footer (the text boxes on its lowest
    baseline, left to right)."""
    boxes = text_boxes(content)
    footer_lines = {b.y for b in boxes if FOOTER.match(b.text)}
    body = [b for b in boxes if b.y not in footer_lines]
    endings = {}
    for page in sorted({b.page for b in body}):
        on_page = [b for b in body if b.page == page]
        lowest = min(b.y for b in on_page)
        line = sorted((b for b in on_page if abs(b.y - lowest) < 1), key=lambda b: b.x)
        endings[page] = " ".join(b.text for b in line)
    return endings


def headings_and_captions(html: str) -> set[str]:
    """The text of every heading and table caption of a document as rendered."""
    import html as html_module

    found = re.findall(r"<(h[1-6]|caption)\b[^>]*>(.*?)</\1>", html, flags=re.S)
    return {
        " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", text)).split()) for _tag, text in found
    }


def orphaned_headings(html: str, content: bytes) -> dict[int, str]:
    """Pages that end with a heading or a table's caption (or its last line), the table or
    text it introduces on the next page."""
    titles = headings_and_captions(html)
    return {
        page: line
        for page, line in page_endings(content).items()
        if any(title == line or (len(line) > 8 and title.endswith(line)) for title in titles)
    }
