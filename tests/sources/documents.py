"""Small source files the tests make: a real multi-page PDF (reportlab), a scanned one, HTML."""

import io
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

# Bitstream Vera ships with reportlab and has the "fi" and "fl" ligature glyphs (U+FB01, U+FB02).
FONTS = Path(reportlab.__file__).parent / "fonts"
pdfmetrics.registerFont(TTFont("Vera", str(FONTS / "Vera.ttf")))
pdfmetrics.registerFont(TTFont("Vera-Bold", str(FONTS / "VeraBd.ttf")))

# A co-chairs' statement as a typesetter would break it: a heading per page, words hyphenated at
# line ends, "fi" and "fl" drawn as ligatures.
STATEMENT_PAGES = [
    (
        "Co-Chairs' Statement",
        [
            "The Ninth Ministerial Conference of the Bali Process was held in Ade-",
            "laide, Australia, on 10 February 2025. Ministers reaf\ufb01rmed the",
            "\ufb02exible, inclusive and non-binding nature of the process.",
        ],
    ),
    (
        "Outcomes",
        [
            "Ministers welcomed the accession of Tuvalu as the fiftieth mem-",
            "ber of the Bali Process.",
            "",
            "Ministers agreed to convene the Tenth Ministerial Conference in 2027.",
        ],
    ),
    (
        "Next steps",
        [
            "The Ad Hoc Group will report on implementation to the Steering Group.",
        ],
    ),
]


def statement_pdf(pages=STATEMENT_PAGES) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for heading, lines in pages:
        pdf.setFont("Vera-Bold", 16)
        pdf.drawString(72, 760, heading)
        pdf.setFont("Vera", 11)
        for n, line in enumerate(lines):
            pdf.drawString(72, 730 - 14 * n, line)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def scanned_pdf() -> bytes:
    """Two pages with only shapes on them, as a scan's pages hold only pictures: no text layer."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for _ in range(2):
        pdf.rect(72, 400, 400, 300, fill=1)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


STATEMENT_HTML = """<!doctype html>
<html><head><title>Not the text</title>
<style>body { color: red }</style>
<script>document.write("not the text either")</script></head>
<body><nav>Home &rsaquo; Statements</nav>
<h1>Steering Group statement, June 2025</h1>
<p>The Steering Group met in   Bangkok on
12 June 2025 &amp; agreed a work plan.</p>
<ul><li>First item</li><li>Second item</li></ul>
<script>alert("x")</script><noscript>Enable scripts</noscript>
</body></html>
"""
