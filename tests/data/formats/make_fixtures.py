"""Write the binary fixtures of this folder (deck.pptx, release.pdf and the hostile
PDFs) with python-pptx and fpdf2. The files are committed, so tests do not depend on
the writers' versions; run this only to change them:

    python tests/data/formats/make_fixtures.py
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from pptx import Presentation
from pptx.util import Inches

HERE = Path(__file__).resolve().parent
FIXED_DATE = datetime(2026, 1, 15, tzinfo=timezone.utc)


def _superscript(paragraph, text: str) -> None:
    run = paragraph.add_run()
    run.text = text
    run.font._rPr.set("baseline", "30000")


def deck() -> None:
    """Three slides: title, body with a superscript L², a table, a group, notes."""
    presentation = Presentation()
    presentation.core_properties.title = "LUMIX S1R II launch"
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "The Lumix S1R II"
    body = slide.placeholders[1].text_frame
    body.text = "Built with L"
    _superscript(body.paragraphs[0], "2")
    body.paragraphs[0].add_run().text = " Technology by Leica and Panasonic."
    body.add_paragraph().text = "Developed with L2 Technology."

    slide = presentation.slides.add_slide(presentation.slide_layouts[5])
    slide.shapes.title.text = "Specifications"
    table = slide.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(1.5)).table
    table.cell(0, 0).text = "Mount"
    table.cell(0, 1).text = "L-Mount"
    table.cell(1, 0).text = "Colour"
    table.cell(1, 1).text = "Leica look on every Lumix body"
    group = slide.shapes.add_group_shape()
    box = group.shapes.add_textbox(Inches(1), Inches(4), Inches(6), Inches(1))
    box.text_frame.text = "Leica and Panasonic merged their camera teams."
    slide.notes_slide.notes_text_frame.text = "Say L2 Technology clearly."

    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "Thank you"
    slide.placeholders[1].text_frame.text = "LUMIX and Leica, together."
    presentation.save(HERE / "copy" / "deck.pptx")


class _Release(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.cell(0, 8, "Lumix Newsroom - Press Release", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 8, f"Panasonic Corporation - Page {self.page_no()}")


def release() -> None:
    """A two-page release: running header and footer, a hyphenated line end, a raised 2."""
    pdf = _Release()
    pdf.set_creation_date(FIXED_DATE)
    pdf.c_margin = 0  # cells abut, so the raised 2 sits right after its L
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 12, "Panasonic unveils the LUMIX S1R II", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for line in (
        "Osaka, Japan - Panasonic today announced a full-frame camera built on L2 Tech-",
        "nology, the joint development collaboration with Leica Camera AG.",
    ):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(0, 6, "The colour science of L", new_x="END")
    x, y = pdf.get_x(), pdf.get_y()
    pdf.set_font("Helvetica", "", 7)
    pdf.set_xy(x, y - 1.2)  # Word's superscript: about 60 % of the size, raised a third
    pdf.cell(pdf.get_string_width("2"), 6, "2", new_x="END")
    pdf.set_xy(pdf.get_x(), y)
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 6, " Technology is tuned with Leica.", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 10, "Availability", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for line in (
        "Leica and Panasonic merged their imaging divisions in 2024.",
        "The Lumix S1R II ships in March.",
    ):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(HERE / "copy" / "release.pdf"))


def hostile() -> None:
    """An encrypted PDF (user password) and one with only a picture, as a scan has."""
    pdf = FPDF()
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 6, "The Lumix S1R II")
    pdf.set_encryption(
        owner_password="owner", user_password="user", encryption_method=EncryptionMethod.RC4
    )
    pdf.output(str(HERE / "hostile" / "encrypted.pdf"))
    pdf = FPDF()
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()
    pdf.set_fill_color(180)
    pdf.rect(10, 10, 190, 270, style="F")
    pdf.output(str(HERE / "hostile" / "scanned.pdf"))


if __name__ == "__main__":
    (HERE / "hostile").mkdir(exist_ok=True)
    (HERE / "copy").mkdir(exist_ok=True)
    deck()
    release()
    hostile()
