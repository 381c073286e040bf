"""Title pages and an article's first page into the bibliographic record
(legalkb.documents.frontmatter)."""

from legalkb.documents.frontmatter import TitleLine, read_front

BODY_LINE = (
    "Зерттеудің алдына қойылған мақсаттарды жүзеге асыру диссертациялық жұмыста төмендегідей "
    "міндеттерді шешуді қажет етеді, сонымен қатар мемлекеттік органдардың жауапкершілігін."
)


def test_a_page_of_body_text_that_names_a_dissertation_is_no_title_page():
    page = [TitleLine("Заң үстемдігі және сот билігінің тәуелсіздігі", 24, 1, True)]
    page += [TitleLine(BODY_LINE, 12, 1) for _ in range(10)]
    front, taken = read_front([page], [], {})
    assert (front.kind, taken) == (None, [])


def test_a_title_page_names_the_work_and_holds_little_text():
    page = [
        TitleLine("ӘЛ-ФАРАБИ АТЫНДАҒЫ ҚАЗАҚ ҰЛТТЫҚ УНИВЕРСИТЕТІ", 12, 1, True),
        TitleLine("Қолжазба құқығында", 12, 1),
        TitleLine("ЖҰМАБЕКОВА ӘСЕЛ ҚАЙРАТҚЫЗЫ", 12, 1, True),
        TitleLine("Мемлекеттік органдардың заңдық жауапкершілігі", 14, 1, True),
        TitleLine("Алматы, 2010", 12, 1),
    ]
    front, taken = read_front([page], [], {})
    assert (front.kind, front.title, front.city, front.year) == (
        "dissertation",
        "Мемлекеттік органдардың заңдық жауапкершілігі",
        "Алматы",
        2010,
    )
    assert len(taken) == len(page)
