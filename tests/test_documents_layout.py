"""A page's lines into roles (legalkb.documents.layout): footnotes, running headers, tables."""

from documents_lines import line_at

from legalkb.documents.layout import Grid, Page, mark_footnotes, mark_furniture


def line(text, baseline, size, marks=()):
    return line_at(text, baseline, size=size, marks=list(marks))


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


def test_the_rest_of_a_footnote_at_the_next_pages_foot_is_returned_to_be_joined():
    page = page_with_foot(("государства в целом. – М., 2006. – С. 45.", []), ("3 Там же. – С. 12.", []))
    assert mark_footnotes(page, 11, continuing=True) == [
        (None, ["государства в целом. – М., 2006. – С. 45."]),
        ("3", ["Там же. – С. 12."]),
    ]


def test_small_lines_before_the_first_mark_stay_body_when_no_footnote_runs_on():
    page = page_with_foot(("государства в целом. – М., 2006. – С. 45.", []), ("3 Там же. – С. 12.", []))
    assert [mark for mark, _ in mark_footnotes(page, 11)] == ["3"]
    assert page.lines[1].role == "body"


def edge_page(number, header, size=9.0):
    lines = [line(header, 50.9, size)] if header else []
    lines += [
        line(f"Мемлекеттік қызметшілердің жауапкершілігі туралы {n}-ші жол.", 80 + 14 * n, 11)
        for n in range(20)
    ]
    lines.append(line(str(44 + number), 797, 10))
    return Page(number=number, width=595, height=842, lines=lines)


def test_a_left_hand_pages_own_running_header_is_found_where_the_others_stand():
    journal = "Абай атындағы ҚазҰПУ Хабаршысы. «Заң ғылымдары» сериясы, №2 (44), 2016"
    pages = [
        edge_page(1, journal),
        edge_page(2, "Серікбаева А.Т., Ахметов Б.С. Мемлекеттік қызметшілердің"),
        edge_page(3, journal),
    ]
    printed = mark_furniture(pages)
    assert [page.lines[0].role for page in pages] == ["header", "header", "header"]
    assert printed == {1: "45", 2: "46", 3: "47"}


def test_a_table_cell_whose_edge_is_not_drawn_is_merged_with_the_next():
    xs, ys = [0, 100, 200, 300], [0, 20, 40, 60]
    horizontal = [(0, y, 300, y) for y in (0, 40, 60)] + [(100, 20, 300, 20)]  # no rule under "Жаза түрі"
    vertical = [(x, 0, x, 60) for x in (0, 100, 300)] + [(200, 20, 200, 60)]  # none inside "Саны" in row 0
    grid = Grid(xs=xs, ys=ys, horizontal=horizontal, vertical=vertical)
    merged = grid.merged()
    assert merged[(1, 0)] == (0, 0) and merged[(0, 2)] == (0, 1)
    assert merged[(1, 2)] == (1, 2)
