"""A page's lines into roles (legalkb.documents.layout): footnotes at the foot of the page."""

from legalkb.documents.layout import Line, Page, mark_footnotes


def line(text, baseline, size, marks=()):
    return Line(
        text=text,
        x0=57,
        x1=377,
        top=baseline - size,
        bottom=baseline + 2,
        baseline=baseline,
        size=size,
        bold=False,
        marks=list(marks),
    )


def page_with_foot(*foot):
    body = [line("Нормы международного права о правах человека имеют приоритет.", 100, 11)]
    return Page(
        number=5,
        width=420,
        height=595,
        lines=body + [line(t, 500 + 10 * n, 9, m) for n, (t, m) in enumerate(foot)],
    )


def test_a_number_that_starts_a_footnotes_second_line_continues_it():
    page = page_with_foot(
        ("Мироненко М.Б. Взаимная ответственность государства. – М., 2006. –", [(0, "2")]),
        ("210 с.", []),
    )
    assert mark_footnotes(page, 11) == [
        ("2", ["Мироненко М.Б. Взаимная ответственность государства. – М., 2006. –", "210 с."])
    ]


def test_the_next_number_starts_the_next_footnote():
    page = page_with_foot(
        ("1 Конституция Республики Казахстан. – Алматы, 2010.", []), ("2 Там же. – С. 12.", [])
    )
    assert [mark for mark, _ in mark_footnotes(page, 11)] == ["1", "2"]
