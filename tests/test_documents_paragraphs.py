"""Body lines into blocks (legalkb.documents.paragraphs): lines placed as a page sets them, 11-point
type on a column from x = 57 to 377, a line every 14.5 points."""

from documents_lines import line_at

from legalkb.documents.document import PartKind
from legalkb.documents.layout import Table
from legalkb.documents.paragraphs import make_blocks

SIZE = 11.0
LEFT, RIGHT = 57.0, 377.0
STEP = 14.5


def placed(*specs, page=1, column=0, top=50.0):
    """Lines one under the other: each spec is text, or (text, x0, x1) or (text, x0, x1, bold, size)."""
    defaults = (None, LEFT, RIGHT, False, SIZE)
    lines = []
    for n, spec in enumerate(specs):
        spec = (spec,) if isinstance(spec, str) else spec
        text, x0, x1, bold, size = (*spec, *defaults[len(spec) :])
        lines.append(line_at(text, top + n * STEP, x0, x1, size, bold, page=page, column=column))
    return lines


def blocks_of(lines):
    return [(block.kind, block.text) for block in make_blocks(lines, SIZE, {}, frozenset())]


def test_a_dash_that_a_justified_line_pushed_to_the_next_line_continues_the_sentence():
    lines = placed(
        "органдардың саяси басшылығының жұмысын жауапты хатшы",
        ("- жаңа әкімшілік лауазымы енгізілді.", LEFT, 229),
        ("1. Жұмабекова Ә.Қ. Мемлекеттік қызметшілердің тәртіптік", 74, RIGHT),
        ("жауапкершілігі // ҚазҰУ хабаршысы. – 2009. – №3.", 91, 300),
        ("2. Жұмабекова Ә.Қ. Мемлекеттің азамат алдындағы жауапкер-", 74, RIGHT),
        ("шілігі // Заң және заман. – 2010. – №1.", 91, 280),
    )
    assert blocks_of(lines)[0] == (
        PartKind.PARAGRAPH,
        "органдардың саяси басшылығының жұмысын жауапты хатшы - жаңа әкімшілік лауазымы енгізілді.",
    )


def test_a_dash_after_a_clause_that_ends_starts_a_list_item():
    lines = placed(
        "Диссертациялық жұмыста төмендегідей міндеттерді шешуді қажет етеді:",
        ("– заңды жауапкершілік теориясын зерттеу;", LEFT, 260),
    )
    assert [kind for kind, _ in blocks_of(lines)] == [PartKind.PARAGRAPH, PartKind.LIST_ITEM]


def test_an_indented_first_line_that_runs_to_the_edge_is_not_a_centred_line():
    lines = placed(
        ("Осы екі субъект де мемлекет атынан азамат алдында жауапты", 79.5, 374.0),
        "Заңдылық жағдайына субъектілердің тікелей қызметі ғана емес,",
        ("әсер етеді.", LEFT, 120),
    )
    assert len(blocks_of(lines)) == 1


def test_a_list_item_ends_where_a_line_starts_left_of_its_hanging_text():
    lines = placed(
        ("4) Мемлекеттік қызметшілердің өз қызметі барысында заңды", 73.8, RIGHT),
        ("бұзған және азаматтардың құқықтары, бостандықтары мен", 90.8, RIGHT),
        ("кершілікке тарту үшін негіз бола алады.", 90.8, 278),
        ("Бұл ретте құқық бұзушылықтарды азаматтар ғана емес, оның", 79.5, RIGHT),
        "мемлекеттік органдары мен лауазымды тұлғаларының қатысуымен",
    )
    assert [kind for kind, _ in blocks_of(lines)] == [PartKind.LIST_ITEM, PartKind.PARAGRAPH]


def test_a_numbered_line_in_bold_larger_type_is_a_heading_not_a_list_item():
    lines = placed(
        ("1. Понятие и признаки ответственности государства", LEFT, 320, True, 13.0),
        "Постановления Верховного Суда разъясняют судам вопросы применения",
    )
    assert blocks_of(lines)[0] == (PartKind.HEADING, "1. Понятие и признаки ответственности государства")


def test_a_centred_line_without_a_stop_is_a_heading_where_the_type_tells_nothing():
    lines = placed(
        ("Мемлекеттің заңдық жауапкершілігі", 101.8, 328.6),
        ("Сондықтан мемлекеттің заңдық жауапкершілігін", 81, RIGHT),
        "реттейтін нормалар арасында мемлекеттің азамат алдындағы",
    )
    assert blocks_of(lines)[0] == (PartKind.HEADING, "Мемлекеттің заңдық жауапкершілігі")


def table_line(rows, page, column):
    table = Table(rows=[list(row) for row in rows], x0=LEFT, x1=RIGHT, top=0, bottom=40)
    line = placed(" ".join(cell for row in rows for cell in row), page=page, column=column)[0]
    line.table = table
    return line


def test_a_table_broken_by_a_page_break_is_one_table_with_its_cut_row_joined():
    heading = ("Жауапкершілік түрі", "Негізі", "Салдары")
    lines = [
        table_line([heading, ("Ретроспективті", "құқық бұзушылық", "мемлекеттік")], page=1, column=2),
        table_line(
            [heading, ("", "", "мәжбүрлеу"), ("Оң", "міндетті адал орындау", "мадақтау")], page=2, column=1
        ),
    ]
    [block] = make_blocks(lines, SIZE, {}, frozenset())
    assert block.rows == (
        heading,
        ("Ретроспективті", "құқық бұзушылық", "мемлекеттік мәжбүрлеу"),
        ("Оң", "міндетті адал орындау", "мадақтау"),
    )
    assert (block.page_start, block.page_end) == (1, 2)


def test_two_tables_one_after_the_other_in_a_column_stay_two():
    lines = [table_line([("Жыл", "Саны")], page=1, column=0), table_line([("2003", "79")], page=1, column=0)]
    assert len(make_blocks(lines, SIZE, {}, frozenset())) == 2


def test_a_bold_numbered_line_under_a_bold_heading_starts_a_heading_of_its_own():
    lines = placed(
        ("1 ТЕОРЕТИЧЕСКИЕ ОСНОВЫ ОТВЕТСТВЕННОСТИ ГОСУДАРСТВА", 120, 330, True),
        ("1.1 Понятие ответственности государства перед личностью", 110, 340, True),
        "Правовое государство предполагает верховенство закона во всех сферах общественной жизни.",
    )
    assert [kind for kind, _ in blocks_of(lines)] == [PartKind.HEADING, PartKind.HEADING, PartKind.PARAGRAPH]


def test_headings_in_the_bodys_size_take_their_levels_from_their_section_numbers():
    lines = placed(
        ("ВВЕДЕНИЕ", 180, 250, True),
        "Правовое государство предполагает верховенство закона во всех сферах общественной жизни.",
        ("1 ТЕОРЕТИЧЕСКИЕ ОСНОВЫ", 160, 270, True),
        ("1.1 Понятие ответственности", 150, 280, True),
        "Правовое государство предполагает верховенство закона во всех сферах общественной жизни.",
    )
    headings = [
        block for block in make_blocks(lines, SIZE, {}, frozenset()) if block.kind == PartKind.HEADING
    ]
    assert [block.level for block in headings] == [1, 1, 2]
