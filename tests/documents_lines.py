"""Lines placed as a PDF page sets them, for the layout tests: coordinates in points from the
page's top left, 11-point type on a column from x = 57 to 377 unless told otherwise."""

from legalkb.documents.layout import Line


def line_at(text, baseline, x0=57.0, x1=377.0, size=11.0, bold=False, **more):
    """A line of text standing on a baseline; more: page, column, marks, …"""
    return Line(
        text=text,
        x0=x0,
        x1=x1,
        top=baseline - size,
        bottom=baseline + 2,
        baseline=baseline,
        size=size,
        bold=bold,
        **more,
    )
