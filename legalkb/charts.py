"""Bar charts drawn as SVG on the server, for entry and act pages.

No script and no style attribute or element (the site's Content-Security-Policy allows
neither): shapes take their colours from classes in legalkb.css, and sizes from attributes.
Each chart has a <title> (its accessible name; each bar has one too, read as a tooltip), and
the pages give the same figures as a table. Bars are rows, one per label, so that a chart
scaled to a phone's width stays readable. Written by hand: chart libraries such as pygal
embed the <style> element and scripts that the policy refuses.
"""

from dataclasses import dataclass
from html import escape

WIDTH = 360  # user units; the image scales to its box
ROW_HEIGHT = 22
BAR_HEIGHT = 14
FONT_SIZE = 12
VALUE_WIDTH = 36  # room for the number after the longest bar
CHARACTER_WIDTH = 6.5  # an average letter at FONT_SIZE, to cut long labels
MAX_YEARS_SPANNED = 40  # a longer span lists only the years that have passages


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str = ""


def bar_chart(bars, title, chart_id, label_width=150):
    """An SVG of one horizontal bar per Bar, labelled on the left and valued on the right.
    chart_id names its title for aria-labelledby; labels longer than label_width are cut."""
    top = max((bar.value for bar in bars), default=0) or 1
    room = WIDTH - label_width - VALUE_WIDTH
    height = ROW_HEIGHT * len(bars)
    rows = []
    for i, bar in enumerate(bars):
        y = i * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        length = round(room * bar.value / top, 1)
        rows.append(
            f'<g class="chart-row"><title>{escape(bar.label)}: {bar.value}</title>'
            f'<text class="chart-label" x="0" y="{middle}" dominant-baseline="middle" '
            f'font-size="{FONT_SIZE}">{escape(_cut(bar.label, label_width))}</text>'
            f'<rect class="chart-bar" x="{label_width}" y="{y + (ROW_HEIGHT - BAR_HEIGHT) / 2}" '
            f'width="{length}" height="{BAR_HEIGHT}"/>'
            f'<text class="chart-value" x="{label_width + length + 4}" y="{middle}" '
            f'dominant-baseline="middle" font-size="{FONT_SIZE}">{bar.value}</text></g>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title">'
        f'<title id="{chart_id}-title">{escape(title)}</title>{"".join(rows)}</svg>'
    )


def _cut(label, width):
    """The label, cut with an ellipsis where it would run into the bars."""
    fits = int(width / CHARACTER_WIDTH) - 1
    return label if len(label) <= fits else label[: fits - 1].rstrip() + "…"


def year_bars(counts):
    """Bars for {year: count}, in year order: every year between the first and the last (none
    left out, so that gaps show), unless they span more than MAX_YEARS_SPANNED years."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    years = range(first, last + 1) if last - first < MAX_YEARS_SPANNED else sorted(counts)
    return [Bar(str(year), counts.get(year, 0)) for year in years]
