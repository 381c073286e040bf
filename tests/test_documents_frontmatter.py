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


def test_a_phd_title_page_may_name_its_supervisor_itself():
    page = [
        TitleLine("Казахский национальный университет имени аль-Фараби", 14, 1, True),
        TitleLine("На правах рукописи", 14, 1),
        TitleLine("Ответственность государства перед личностью", 16, 1, True),
        TitleLine("Диссертация на соискание степени доктора философии (PhD)", 14, 1),
        TitleLine("Научный руководитель: доктор юридических наук, профессор Ким Виктор Александрович", 14, 1),
        TitleLine("Алматы, 2016", 14, 1),
    ]
    front, _ = read_front([page], [], {})
    assert (front.degree, [(p.family_name, p.given_names) for p in front.supervisors]) == (
        "phd",
        [("Ким", "Виктор Александрович")],
    )
