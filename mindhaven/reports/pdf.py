"""The weekly report as a PDF (fpdf2), with its charts drawn from fpdf2 primitives: no plotting library.

Only the PDF core fonts are used (no font files to ship), so every string goes through `latin1()`: typographic
punctuation becomes its ASCII cousin, and anything else outside Latin-1 becomes "?" rather than an error.
"""

from __future__ import annotations

from fpdf import FPDF

from mindhaven.reports.trends import LABELS
from mindhaven.reports.weekly import ClientReport

REPLACEMENTS = {
    "\u2014": "-",
    "\u2013": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u2022": "-",
    "\u00a0": " ",
    "\u2212": "-",
    "\u2192": "->",
    "\u2190": "<-",
}
# The same colours as the site's --emotion-* variables (Okabe-Ito, colour-blind safe).
COLOURS = {
    "angry": (213, 94, 0),
    "disgust": (0, 158, 115),
    "fear": (204, 121, 167),
    "happy": (230, 159, 0),
    "sad": (0, 114, 178),
    "surprise": (86, 180, 233),
    "neutral": (123, 138, 135),
}
INK, MUTED, ACCENT, GRID = (31, 42, 43), (90, 100, 101), (47, 110, 98), (215, 222, 220)


def latin1(text: object) -> str:
    """Text the core fonts can draw: known punctuation mapped, anything else outside Latin-1 as '?'."""
    value = str(text)
    for old, new in REPLACEMENTS.items():
        value = value.replace(old, new)
    return value.encode("latin-1", "replace").decode("latin-1")


class _PDF(FPDF):
    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(*MUTED)
        self.cell(
            0,
            8,
            latin1("MindHaven weekly report - private. Not a diagnosis. In a crisis: see /help/crisis."),
            align="C",
        )


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 13)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 8, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_font("Helvetica", "", 11)


def _line(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, 6, latin1(text), new_x="LMARGIN", new_y="NEXT")


def mood_chart(pdf: FPDF, report: ClientReport, x: float, y: float, w: float, h: float) -> None:
    """Mean mood per day (0-10) as a line with dots; days without a check-in leave a gap."""
    pdf.set_draw_color(*GRID)
    pdf.set_line_width(0.2)
    pdf.set_font("Helvetica", "", 7)
    pdf.set_text_color(*MUTED)
    for value in (0, 5, 10):
        gy = y + h - h * value / 10
        pdf.line(x, gy, x + w, gy)
        pdf.text(x - 5, gy + 1, str(value))
    step = w / 6
    for n, day in enumerate(report.days):
        pdf.text(x + n * step - 2.5, y + h + 4, day.strftime("%a"))
    pdf.set_draw_color(*ACCENT)
    pdf.set_fill_color(*ACCENT)
    pdf.set_line_width(0.6)
    previous = None
    for n, value in enumerate(report.mood_days):
        if value is None:
            previous = None
            continue
        point = (x + n * step, y + h - h * value / 10)
        if previous is not None:
            pdf.line(*previous, *point)
        pdf.ellipse(point[0] - 1, point[1] - 1, 2, 2, style="F")
        previous = point
    pdf.set_text_color(*INK)


def emotion_bars(pdf: FPDF, shares: dict[str, float], x: float, y: float, w: float) -> float:
    """One horizontal bar per emotion (share of seconds it was the strongest); returns the y below it."""
    pdf.set_font("Helvetica", "", 9)
    for label in LABELS:
        share = shares.get(label, 0.0)
        pdf.set_text_color(*INK)
        pdf.text(x, y + 3.5, label.capitalize())
        pdf.set_fill_color(*GRID)
        pdf.rect(x + 22, y, w - 40, 4.5, style="F")
        pdf.set_fill_color(*COLOURS[label])
        if share > 0:
            pdf.rect(x + 22, y, (w - 40) * share, 4.5, style="F")
        pdf.text(x + w - 15, y + 3.5, f"{share * 100:.0f}%")
        y += 6.5
    return y


def report_pdf(report: ClientReport) -> bytes:
    pdf = _PDF(format="A4")
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(latin1(f"MindHaven week of {report.week_start.isoformat()}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_text_color(*INK)
    pdf.cell(0, 10, latin1("Your week with MindHaven"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.set_text_color(*MUTED)
    pdf.cell(
        0,
        6,
        latin1(f"{report.client.display_name} - {report.week_start:%A %d %B %Y} to {report.week_end:%A %d %B %Y}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(*INK)

    _heading(pdf, "A few observations")
    for note in report.observations:
        _line(pdf, f"- {note}")

    _heading(pdf, "Mood")
    if report.mood_count:
        _line(
            pdf,
            f"{report.mood_count} check-ins on {report.checkin_days} of 7 days. Average {report.mood_avg} "
            f"out of 10 (lowest {report.mood_min}, highest {report.mood_max}).",
        )
        top = pdf.get_y() + 3
        mood_chart(pdf, report, pdf.l_margin + 8, top, 150, 40)
        pdf.set_y(top + 48)
    else:
        _line(pdf, "No check-ins this week.")

    _heading(pdf, "Sessions")
    _line(pdf, f"Attended: {report.completed}   Cancelled: {report.cancelled}   Missed: {report.no_show}")
    if report.emotions:
        _line(pdf, "Emotions estimated during your sessions (share of time each was strongest):")
        if pdf.get_y() > pdf.h - 70:
            pdf.add_page()
        end = emotion_bars(pdf, report.emotions, pdf.l_margin, pdf.get_y() + 2, 170)
        pdf.set_y(end + 2)

    _heading(pdf, "Questionnaires")
    if report.assessments:
        for item in report.assessments:
            _line(pdf, f"{item['name']} on {item['day']:%A %d %B}: score {item['score']} ({item['band']})")
    else:
        _line(pdf, "None this week.")

    _heading(pdf, "Journal")
    if report.journal_count:
        tone = (
            ""
            if report.journal_sentiment is None
            else f" Average tone of the writing: {report.journal_sentiment:+.2f} (from -1 to +1)."
        )
        _line(pdf, f"{report.journal_count} entries.{tone}")
    else:
        _line(pdf, "No journal entries this week.")
    return bytes(pdf.output())
