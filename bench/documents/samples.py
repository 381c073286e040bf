"""What each sample file holds, as the author wrote it: its title page, blocks (headings,
paragraphs with their footnotes, list items, tables) and page furniture. The renderers
(bench.documents.make_files) lay these out with LibreOffice, Chromium or python-docx; the
ground truth written beside each file is derived from the same objects."""

import re
from dataclasses import dataclass, field

from .prose import Prose

SENTENCE_END = re.compile(r"(?<=\w\w\w)[.!?](?=\s|$)")


@dataclass(frozen=True)
class Footnote:
    mark: str
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    notes: tuple[Footnote, ...] = ()
    lead: str = ""  # a run-in bold lead the paragraph starts with, part of its text

    def mark_offsets(self):
        """Where each note's mark stands in the text: after the last word of the paragraph's
        first, second, … sentence (before its full stop)."""
        ends = [match.start() for match in SENTENCE_END.finditer(self.text)]
        return ends[: len(self.notes)]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int


@dataclass(frozen=True)
class Item:
    text: str
    label: str = "–"  # the bullet or number printed before it (not part of its text)


@dataclass(frozen=True)
class Table:
    """Rows of cells as a grid: a merged cell's text stands in its first (top left) slot, the
    slots it covers are empty; spans gives each merged cell's (row, column): (rows, columns)."""

    rows: tuple[tuple[str, ...], ...]
    spans: tuple = ()  # ((row, column), (rows, columns)) of the merged cells


@dataclass(frozen=True)
class TitleLine:
    """A line of a title page: never body text."""

    text: str
    align: str = "center"
    bold: bool = False
    size: int = 12


@dataclass
class Sample:
    name: str
    language: str
    title_page: list[TitleLine]  # page 1 (or the top of an article's first page)
    second_page: list[TitleLine]  # an abstract's page 2: supervisor, opponents
    blocks: list
    front: dict  # the FrontMatter fields the file's title page gives
    title: str
    header: str = ""  # running header on body pages (right-hand pages when header_left is set); lines by "\n"
    header_left: str = ""  # a different running header on left-hand (even) pages
    page_number_at: str = "foot"  # "foot" (centred) , "outside" (foot, outer corner) or "head" (centred)
    first_label: int | None = None  # the printed number of the first body page, when printed
    title_on_body_page: bool = False  # an article's head on its first page, not a title page of its own
    columns: int = 1
    back: list = field(default_factory=list)  # after the body: abstracts in other languages
    references: list[str] = field(default_factory=list)
    references_heading: str = ""
    page: tuple[str, str] = ("14.8cm", "21cm")  # A5, as abstracts are printed
    font_size: int = 11
    heading_growth: tuple[int, int, int] = (2, 1, 0)  # points headings of levels 1–3 are set above the body
    line_height: str = "115%"
    long_note: str = ""  # a footnote that must run on to the next page (the generator checks it does)


def abstract_kk():
    prose = Prose("kk", seed=1)
    title = "Мемлекеттік органдар мен лауазымды тұлғалардың заңдық жауапкершілігінің конституциялық негіздері"
    blocks = [
        Heading("ЖҰМЫСТЫҢ ЖАЛПЫ СИПАТТАМАСЫ", 1),
        Paragraph(
            "Зерттеу тақырыбының өзектілігі. " + prose.paragraph(3),
            notes=(
                Footnote("1", "Қазақстан Республикасының Конституциясы. – Алматы: Жеті жарғы, 2008. – 56 б."),
            ),
            lead="Зерттеу тақырыбының өзектілігі.",
        ),
        *[Paragraph(text) for text in prose.paragraphs(3)],
        Paragraph(
            "Зерттеудің мақсаты мен міндеттері. " + prose.paragraph(2),
            lead="Зерттеудің мақсаты мен міндеттері.",
        ),
        Paragraph("Қорғауға шығарылатын негізгі тұжырымдар:"),
        *[Item(prose.paragraph(1), label=f"{n})") for n in range(1, 5)],
        *[Paragraph(text) for text in prose.paragraphs(2)],
        Heading("ЖҰМЫСТЫҢ НЕГІЗГІ МАЗМҰНЫ", 1),
        Heading("1-тарау. Мемлекеттің заңдық жауапкершілігінің теориялық негіздері", 2),
        Paragraph(
            prose.paragraph(3),
            notes=(Footnote("2", "Назарбаев Н.Ә. Қазақстан халқына Жолдауы. – Астана, 2007. – 24 б."),),
        ),
        *[Paragraph(text) for text in prose.paragraphs(3)],
        Heading("1.1 Заңдық жауапкершілік ұғымы және түрлері", 3),
        *[Paragraph(text) for text in prose.paragraphs(3)],
        Heading("2-тарау. Ретроспективті және оң заңдық жауапкершілік", 2),
        *[Paragraph(text) for text in prose.paragraphs(2)],
        Table(
            (
                ("Жыл", "Мемлекеттік қызметшілер саны", "Қанағаттанған азаматтар үлесі"),
                ("2003", "79 мың", "41 пайыз"),
                ("2005", "88 мың", "38 пайыз"),
                ("2007", "100 мың", "43 пайыз"),
            )
        ),
        Paragraph(
            prose.paragraph(3),
            notes=(
                Footnote(
                    "3",
                    "Сапарғалиев Ғ.С. Қазақстан Республикасының конституциялық құқығы. – Алматы, 2009. – 536 б.",
                ),
            ),
        ),
        *[Paragraph(text) for text in prose.paragraphs(3)],
        Heading("ҚОРЫТЫНДЫ", 1),
        *[Paragraph(text) for text in prose.paragraphs(4)],
        Heading("Диссертация тақырыбы бойынша жарияланған жұмыстар тізімі", 1),
        Item(
            "Жұмабекова Ә.Қ. Мемлекеттік қызметшілердің тәртіптік жауапкершілігі // ҚазҰУ хабаршысы. Заң сериясы. – 2009. – №3. – 45–49 б.",
            "1.",
        ),
        Item(
            "Жұмабекова Ә.Қ. Мемлекеттің азамат алдындағы жауапкершілігі // Заң және заман. – 2010. – №1. – 12–16 б.",
            "2.",
        ),
    ]
    return Sample(
        name="kk-abstract",
        language="kk",
        title_page=[
            TitleLine("ӘЛ-ФАРАБИ АТЫНДАҒЫ ҚАЗАҚ ҰЛТТЫҚ УНИВЕРСИТЕТІ", bold=True),
            TitleLine("ӘОЖ 342.9", align="left"),
            TitleLine("Қолжазба құқығында", align="right"),
            TitleLine("ЖҰМАБЕКОВА ӘСЕЛ ҚАЙРАТҚЫЗЫ", bold=True),
            TitleLine(title, bold=True, size=14),
            TitleLine("12.00.02 – конституциялық құқық; муниципалдық құқық"),
            TitleLine("Заң ғылымдарының кандидаты ғылыми дәрежесін алу үшін дайындалған диссертацияның"),
            TitleLine("АВТОРЕФЕРАТЫ", bold=True),
            TitleLine("Қазақстан Республикасы"),
            TitleLine("Алматы, 2010"),
        ],
        second_page=[
            TitleLine(
                "Диссертациялық жұмыс әл-Фараби атындағы Қазақ ұлттық университетінің конституциялық және әкімшілік құқық кафедрасында орындалды.",
                align="left",
            ),
            TitleLine(
                "Ғылыми жетекші: заң ғылымдарының докторы, профессор Әбдірахманов Нұрлан Серікұлы",
                align="left",
            ),
            TitleLine(
                "Ресми оппоненттер: заң ғылымдарының докторы, профессор Бекенов Ғалым Мұратұлы; заң ғылымдарының кандидаты, доцент Оспанова Жанар Бақытқызы",
                align="left",
            ),
            TitleLine("Жетекші ұйым: Қазақ гуманитарлық заң университеті", align="left"),
            TitleLine(
                "Қорғау 2010 жылғы 25 желтоқсанда сағат 14.00-де диссертациялық кеңестің мәжілісінде өтеді.",
                align="left",
            ),
        ],
        blocks=blocks,
        front={
            "kind": "abstract",
            "title": title,
            "authors": [["Жұмабекова", "Әсел Қайратқызы"]],
            "supervisors": [["Әбдірахманов", "Нұрлан Серікұлы"]],
            "opponents": [["Бекенов", "Ғалым Мұратұлы"], ["Оспанова", "Жанар Бақытқызы"]],
            "institution": "Әл-Фараби атындағы Қазақ ұлттық университеті",
            "city": "Алматы",
            "year": 2010,
            "udc": "342.9",
            "degree": "candidate",
            "speciality": "12.00.02",
            "speciality_name": "конституциялық құқық; муниципалдық құқық",
        },
        title=title,
        first_label=3,
    )


def abstract_ru():
    prose = Prose("ru", seed=2)
    title = (
        "Конституционно-правовые основы ответственности государства перед личностью в Республике Казахстан"
    )
    blocks = [
        Heading("ОБЩАЯ ХАРАКТЕРИСТИКА РАБОТЫ", 1),
        Paragraph(
            "Актуальность темы исследования. " + prose.paragraph(3), lead="Актуальность темы исследования."
        ),
        *[Paragraph(text) for text in prose.paragraphs(3)],
        Paragraph(
            prose.paragraph(3),
            notes=(Footnote("1", "Конституция Республики Казахстан. – Алматы: Юрист, 2010. – 48 с."),),
        ),
        Paragraph("На защиту выносятся следующие положения:"),
        *[Item(prose.paragraph(1), label=f"{n}.") for n in range(1, 4)],
        Heading("ОСНОВНОЕ СОДЕРЖАНИЕ РАБОТЫ", 1),
        Heading("Глава 1. Теоретические основы ответственности государства", 2),
        *[Paragraph(text) for text in prose.paragraphs(3)],
        Paragraph(
            prose.paragraph(3),
            notes=(
                Footnote(
                    "2",
                    "Мироненко М.Б. Взаимная ответственность государства и личности. – М., 2006. – 210 с.",
                ),
            ),
        ),
        Heading("Глава 2. Механизм реализации ответственности государства", 2),
        *[Paragraph(text) for text in prose.paragraphs(4)],
        Heading("ЗАКЛЮЧЕНИЕ", 1),
        *[Paragraph(text) for text in prose.paragraphs(3)],
    ]
    return Sample(
        name="ru-abstract",
        language="ru",
        title_page=[
            TitleLine("КАЗАХСКИЙ ГУМАНИТАРНО-ЮРИДИЧЕСКИЙ УНИВЕРСИТЕТ", bold=True),
            TitleLine("УДК 342.7", align="left"),
            TitleLine("На правах рукописи", align="right"),
            TitleLine("АХМЕТОВА ДИНАРА ЕРМЕКОВНА", bold=True),
            TitleLine(title, bold=True, size=14),
            TitleLine("12.00.02 – конституционное право; муниципальное право"),
            TitleLine("Автореферат диссертации на соискание ученой степени кандидата юридических наук"),
            TitleLine("Республика Казахстан"),
            TitleLine("Астана, 2012"),
        ],
        second_page=[
            TitleLine(
                "Работа выполнена на кафедре конституционного права Казахского гуманитарно-юридического университета.",
                align="left",
            ),
            TitleLine(
                "Научный руководитель: доктор юридических наук, профессор Ким Виктор Александрович",
                align="left",
            ),
            TitleLine(
                "Официальные оппоненты: доктор юридических наук, профессор Нурпеисов Ермек Кайруллаевич; кандидат юридических наук, доцент Сергеева Ольга Павловна",
                align="left",
            ),
            TitleLine(
                "Ведущая организация: Евразийский национальный университет имени Л.Н. Гумилева", align="left"
            ),
        ],
        blocks=blocks,
        front={
            "kind": "abstract",
            "title": title,
            "authors": [["Ахметова", "Динара Ермековна"]],
            "supervisors": [["Ким", "Виктор Александрович"]],
            "opponents": [["Нурпеисов", "Ермек Кайруллаевич"], ["Сергеева", "Ольга Павловна"]],
            "institution": "Казахский гуманитарно-юридический университет",
            "city": "Астана",
            "year": 2012,
            "udc": "342.7",
            "degree": "candidate",
            "speciality": "12.00.02",
            "speciality_name": "конституционное право; муниципальное право",
        },
        title=title,
        header="Ахметова Д.Е. Ответственность государства перед личностью",
        first_label=3,
    )


JOURNAL_HEADER = "ҚазҰУ хабаршысы. Заң сериясы. №2 (58). 2011"
ARTICLE_TITLE = "МЕМЛЕКЕТТІҢ ЗАҢДЫҚ ЖАУАПКЕРШІЛІГІ ЖӘНЕ ҚҰҚЫҚТЫҚ МЕМЛЕКЕТ ҚАҒИДАТТАРЫ"


def article_kk(name="kk-article", columns=2):
    prose = Prose("kk", seed=3)
    blocks = [
        *[Paragraph(text) for text in prose.paragraphs(2)],
        Paragraph(
            prose.paragraph(3),
            notes=(Footnote("1", "Назарбаев Н.Ә. Қазақстан халқына Жолдауы. – Астана, 2007."),),
        ),
        Heading("Ретроспективті және оң заңдық жауапкершілік туралы", 1),
        *[Paragraph(text) for text in prose.paragraphs(3)],
        Table(
            (
                ("Жауапкершілік түрі", "Негізі", "Салдары"),
                ("Ретроспективті", "құқық бұзушылық", "мемлекеттік мәжбүрлеу"),
                ("Оң", "міндетті адал орындау", "қоғамдық мадақтау"),
            )
        ),
        Paragraph(
            prose.paragraph(3),
            notes=(
                Footnote("2", "Мироненко М.Б. Взаимная ответственность государства и личности. – М., 2006."),
            ),
        ),
        *[Paragraph(text) for text in prose.paragraphs(3)],
        Paragraph(
            prose.paragraph(2),
            notes=(Footnote("3", "Қазақстан Республикасының Азаматтық кодексі. – Алматы, 2011. – 922-бап."),),
        ),
        Heading("Мемлекеттік қызметшілердің жауапкершілігі", 1),
        *[Paragraph(text) for text in prose.paragraphs(7)],
    ]
    abstracts = {
        "kk": "Мақалада мемлекеттің азамат алдындағы заңдық жауапкершілігінің құқықтық мемлекет қағидаттарымен байланысы қарастырылады.",
        "ru": "В статье рассматривается связь юридической ответственности государства перед гражданином с принципами правового государства.",
        "en": "The article considers the legal responsibility of the state to the citizen as a principle of the rule of law.",
    }
    keywords = {
        "kk": ["мемлекет", "заңдық жауапкершілік", "құқықтық мемлекет", "әкімшілік реформа"],
        "ru": ["государство", "юридическая ответственность", "правовое государство"],
        "en": ["state", "legal responsibility", "rule of law"],
    }
    return Sample(
        name=name,
        language="kk",
        title_page=[
            TitleLine("ӘОЖ 342.9", align="left"),
            TitleLine("Ә.Қ. Жұмабекова", bold=True),
            TitleLine("әл-Фараби атындағы Қазақ ұлттық университеті, Алматы қ.", size=10),
            TitleLine(ARTICLE_TITLE, bold=True, size=13),
            TitleLine("Түйін. " + abstracts["kk"], align="justify", size=10),
            TitleLine("Түйін сөздер: " + ", ".join(keywords["kk"]) + ".", align="justify", size=10),
        ],
        second_page=[],
        blocks=blocks,
        back=[
            TitleLine("Аннотация. " + abstracts["ru"], align="justify", size=10),
            TitleLine("Ключевые слова: " + ", ".join(keywords["ru"]) + ".", align="justify", size=10),
            TitleLine("Abstract. " + abstracts["en"], align="justify", size=10),
            TitleLine("Keywords: " + ", ".join(keywords["en"]) + ".", align="justify", size=10),
        ],
        references_heading="Әдебиеттер",
        references=[
            "Қазақстан Республикасының Конституциясы. – Алматы: Жеті жарғы, 2008. – 56 б.",
            "Назарбаев Н.Ә. Қазақстан халқына Жолдауы. – Астана, 2007. – 24 б.",
            "Мироненко М.Б. Взаимная ответственность государства и личности. – М.: Норма, 2006. – 210 с.",
            "Сапарғалиев Ғ.С. Қазақстан Республикасының конституциялық құқығы. – Алматы, 2009. – 536 б.",
        ],
        front={
            "kind": "article",
            "title": "Мемлекеттің заңдық жауапкершілігі және құқықтық мемлекет қағидаттары",
            "authors": [["Жұмабекова", "Ә.Қ."]],
            "journal": "ҚазҰУ хабаршысы. Заң сериясы",
            "year": 2011,
            "issue": "2 (58)",
            "first_page": 112,  # the last page is the PDF's last printed number (make_files.truth)
            "udc": "342.9",
            "affiliations": ["әл-Фараби атындағы Қазақ ұлттық университеті, Алматы қ."],
            "abstracts": abstracts,
            "keywords": keywords,
        },
        title="Мемлекеттің заңдық жауапкершілігі және құқықтық мемлекет қағидаттары",
        header=JOURNAL_HEADER,
        first_label=112,
        title_on_body_page=True,
        columns=columns,
        page=("21cm", "29.7cm"),
        font_size=10,
    )


def typed_hyphens_kk():
    """A hard-wrapped text: lines broken by hand, long words split with typed hyphens."""
    prose = Prose("kk", seed=4)
    blocks = [Heading("Мемлекеттік қызметтегі жауапкершілік", 1)]
    blocks += [Paragraph(text) for text in prose.paragraphs(6, 3, 4)]
    blocks += [Heading("Құқықтық мемлекеттің қағидаттары", 1)]
    blocks += [Paragraph(text) for text in prose.paragraphs(6, 3, 4)]
    return Sample(
        name="kk-typed-hyphens",
        language="kk",
        title_page=[],
        second_page=[],
        blocks=blocks,
        front={},
        title="Мемлекеттік қызметтегі жауапкершілік",
        header="Мемлекет және құқық",
        first_label=1,
        page=("21cm", "29.7cm"),
    )


def article_ru_word():
    """A Russian article written in Word (python-docx stands for it): heading styles, a table,
    a numbered list, page numbers in the footer."""
    prose = Prose("ru", seed=5)
    blocks = [
        Heading("Ответственность государства перед гражданином", 1),
        *[Paragraph(text) for text in prose.paragraphs(3)],
        Heading("1. Понятие и признаки ответственности государства", 2),
        *[Paragraph(text) for text in prose.paragraphs(3)],
        Paragraph("Выделяются следующие виды гарантий:"),
        *[Item(text, label=f"{n}.") for n, text in enumerate(prose.paragraphs(3, 1, 1), start=1)],
        Heading("2. Судебная защита прав граждан", 2),
        *[Paragraph(text) for text in prose.paragraphs(2)],
        Table(
            (
                ("Год", "Исков к государственным органам", "Удовлетворено"),
                ("2009", "1 240", "312"),
                ("2010", "1 415", "377"),
            )
        ),
        *[Paragraph(text) for text in prose.paragraphs(3)],
    ]
    return Sample(
        name="ru-article-word",
        language="ru",
        title_page=[],
        second_page=[],
        blocks=blocks,
        front={},
        title="Ответственность государства перед гражданином",
        first_label=1,
        page=("21cm", "29.7cm"),
        font_size=12,
    )


def web_article_kk():
    """An article printed from a web page in Chromium, in a font without Kazakh letters."""
    prose = Prose("kk", seed=6)
    blocks = [
        Heading("Заң үстемдігі және сот билігінің тәуелсіздігі", 1),
        *[Paragraph(text) for text in prose.paragraphs(4)],
        Heading("Мемлекеттік қызметшілердің жауапкершілігі", 2),
        *[Paragraph(text) for text in prose.paragraphs(5)],
    ]
    return Sample(
        name="kk-web-chromium",
        language="kk",
        title_page=[],
        second_page=[],
        blocks=blocks,
        front={},
        title="Заң үстемдігі және сот билігінің тәуелсіздігі",
        page=("21cm", "29.7cm"),
        font_size=12,
    )


def scan_kk(name):
    """Two pages of a Kazakh book photographed with a phone."""
    prose = Prose("kk", seed=7)
    blocks = [
        Heading("Мемлекеттің заңдық жауапкершілігі", 1),
        *[Paragraph(text) for text in prose.paragraphs(4, 2, 3)],
    ]
    return Sample(
        name=name,
        language="kk",
        title_page=[],
        second_page=[],
        blocks=blocks,
        front={},
        title="Мемлекеттің заңдық жауапкершілігі",
        page=("14.8cm", "21cm"),
        font_size=12,
    )


DISSERTATION_TITLE = "Ответственность государства перед личностью в Республике Казахстан"
LONG_NOTE = (
    "В литературе высказывается и иная точка зрения, согласно которой ответственность государства "
    "перед личностью не является самостоятельным видом юридической ответственности, а представляет "
    "собой совокупность мер гражданско-правовой, административно-правовой и конституционно-правовой "
    "ответственности, применяемых к государственным органам и должностным лицам. Сторонники этого "
    "подхода ссылаются на то, что законодательство Республики Казахстан не содержит единого "
    "нормативного правового акта, который закреплял бы основания, порядок и меры ответственности "
    "государства в целом. Представляется, однако, что отсутствие кодифицированного акта не "
    "опровергает существования института, нормы которого рассредоточены по различным отраслям "
    "права и объединены общим предметом регулирования: отношениями между государством и личностью "
    "по поводу возмещения вреда, причиненного незаконными действиями публичной власти. Этот вывод "
    "подтверждается и судебной практикой: суды рассматривают иски граждан к государственным органам "
    "по единым правилам, независимо от того, какой отраслью права урегулированы отношения сторон, и "
    "возлагают на государство обязанность доказать законность своих действий. Следует также учитывать, "
    "что международные договоры, ратифицированные Республикой Казахстан, прямо предусматривают право "
    "каждого на эффективное средство правовой защиты от действий публичной власти. Подробнее "
    "см.: Мироненко М.Б. Взаимная ответственность государства и личности. – М.: Норма, 2006. – "
    "С. 45–61; Ким В.А. Государственное право Республики Казахстан. – Алматы, 2009. – С. 112."
)


def dissertation_ru():
    """A Russian PhD dissertation as Kazakh universities print them: a title page naming the
    supervisor, sections numbered 1, 1.1, 1.2 with all headings in the body's size, 14-point
    type at 1.5 line spacing, page numbers at the top, a long footnote running on to the next
    page, a dashed list and the list of sources."""
    prose = Prose("ru", seed=9)
    blocks = [
        Heading("ВВЕДЕНИЕ", 1),
        Paragraph(
            "Актуальность темы исследования. " + prose.paragraph(3), lead="Актуальность темы исследования."
        ),
        *[Paragraph(text) for text in prose.paragraphs(2)],
        Paragraph("Задачами исследования являются:"),
        *[Item(prose.paragraph(1)[:-1] + ";") for _ in range(2)],
        Item(prose.paragraph(1)),
        Heading("1 ТЕОРЕТИЧЕСКИЕ ОСНОВЫ ОТВЕТСТВЕННОСТИ ГОСУДАРСТВА", 1),
        Heading("1.1 Понятие ответственности государства перед личностью", 2),
        *[Paragraph(text) for text in prose.paragraphs(3, 3, 5)],
        Paragraph(prose.paragraph(4), notes=(Footnote("1", LONG_NOTE),)),
        *[Paragraph(text) for text in prose.paragraphs(3, 3, 5)],
        Heading("1.2 Виды ответственности государства", 2),
        *[Paragraph(text) for text in prose.paragraphs(2, 3, 5)],
        Paragraph(
            prose.paragraph(3),
            notes=(Footnote("2", "Конституция Республики Казахстан. – Алматы: Юрист, 2010. – Ст. 13."),),
        ),
        *[Paragraph(text) for text in prose.paragraphs(2, 3, 5)],
        Heading("2 МЕХАНИЗМ РЕАЛИЗАЦИИ ОТВЕТСТВЕННОСТИ ГОСУДАРСТВА", 1),
        Heading("2.1 Судебный порядок возмещения вреда", 2),
        *[Paragraph(text) for text in prose.paragraphs(4, 3, 5)],
        Heading("ЗАКЛЮЧЕНИЕ", 1),
        *[Paragraph(text) for text in prose.paragraphs(2, 3, 5)],
    ]
    return Sample(
        name="ru-dissertation",
        language="ru",
        title_page=[
            TitleLine("Казахский национальный университет имени аль-Фараби", bold=True, size=14),
            TitleLine("УДК 342.7", align="left", size=14),
            TitleLine("На правах рукописи", align="right", size=14),
            TitleLine("СЕРИКБАЕВА АЙГУЛЬ ТОЛЕГЕНОВНА", bold=True, size=14),
            TitleLine(DISSERTATION_TITLE, bold=True, size=16),
            TitleLine("6D030100 – Юриспруденция", size=14),
            TitleLine("Диссертация на соискание степени доктора философии (PhD)", size=14),
            TitleLine(
                "Научный руководитель: доктор юридических наук, профессор Ким Виктор Александрович",
                align="right",
                size=14,
            ),
            TitleLine("Республика Казахстан", size=14),
            TitleLine("Алматы, 2016", size=14),
        ],
        second_page=[],
        blocks=blocks,
        front={
            "kind": "dissertation",
            "title": DISSERTATION_TITLE,
            "authors": [["Серикбаева", "Айгуль Толегеновна"]],
            "supervisors": [["Ким", "Виктор Александрович"]],
            "institution": "Казахский национальный университет имени аль-Фараби",
            "city": "Алматы",
            "year": 2016,
            "udc": "342.7",
            "degree": "phd",
            "speciality": "6D030100",
            "speciality_name": "Юриспруденция",
        },
        title=DISSERTATION_TITLE,
        first_label=2,
        page_number_at="head",
        references_heading="СПИСОК ИСПОЛЬЗОВАННЫХ ИСТОЧНИКОВ",
        references=[
            "Конституция Республики Казахстан. – Алматы: Юрист, 2010. – 48 с.",
            "Мироненко М.Б. Взаимная ответственность государства и личности. – М.: Норма, 2006. – 210 с.",
            "Ким В.А. Государственное право Республики Казахстан. – Алматы, 2009. – 320 с.",
        ],
        page=("21cm", "29.7cm"),
        font_size=14,
        heading_growth=(0, 0, 0),
        line_height="150%",
        long_note=LONG_NOTE,
    )


JOURNAL_TITLE = "МЕМЛЕКЕТТІК ҚЫЗМЕТШІЛЕРДІҢ ТӘРТІПТІК ЖАУАПКЕРШІЛІГІ"


def journal_kk():
    """A one-column article in the middle of a journal issue (pages from 45): a two-line running
    header on right-hand pages and the authors on left-hand ones, page numbers at the outer
    corners, two authors, and a table with merged cells."""
    prose = Prose("kk", seed=8)
    abstract = (
        "Мақалада мемлекеттік қызметшілердің тәртіптік жауапкершілігінің негіздері мен түрлері қарастырылады."
    )
    keywords = ["мемлекеттік қызмет", "тәртіптік жауапкершілік", "тәртіптік теріс қылық"]
    blocks = [
        Heading("Кіріспе", 1),
        *[Paragraph(text) for text in prose.paragraphs(3)],
        Heading("Тәртіптік жауапкершіліктің түрлері", 1),
        *[Paragraph(text) for text in prose.paragraphs(3)],
        Table(
            (
                ("Жаза түрі", "Тәртіптік жазалар қолданылған жағдайлар саны", ""),
                ("", "2014 жыл", "2015 жыл"),
                ("Ескерту", "412", "455"),
                ("Сөгіс", "96", "120"),
                ("Қызметінен босату", "31", "27"),
            ),
            spans=(((0, 0), (2, 1)), ((0, 1), (1, 2))),
        ),
        *[Paragraph(text) for text in prose.paragraphs(4)],
        Heading("Қорытынды", 1),
        *[Paragraph(text) for text in prose.paragraphs(2)],
    ]
    title = "Мемлекеттік қызметшілердің тәртіптік жауапкершілігі"
    return Sample(
        name="kk-journal",
        language="kk",
        title_page=[
            TitleLine("ӘОЖ 342.5", align="left", size=11),
            TitleLine("А.Т. Серікбаева, Б.С. Ахметов", bold=True, size=11),
            TitleLine("Абай атындағы Қазақ ұлттық педагогикалық университеті, Алматы қ.", size=10),
            TitleLine(JOURNAL_TITLE, bold=True, size=13),
            TitleLine("Аңдатпа. " + abstract, align="justify", size=10),
            TitleLine("Түйін сөздер: " + ", ".join(keywords) + ".", align="justify", size=10),
        ],
        second_page=[],
        blocks=blocks,
        front={
            "kind": "article",
            "title": title,
            "authors": [["Серікбаева", "А.Т."], ["Ахметов", "Б.С."]],
            "journal": "Абай атындағы ҚазҰПУ Хабаршысы. «Заң ғылымдары» сериясы",
            "year": 2016,
            "issue": "2 (44)",
            "first_page": 45,
            "udc": "342.5",
            "affiliations": ["Абай атындағы Қазақ ұлттық педагогикалық университеті, Алматы қ."],
            "abstracts": {"kk": abstract},
            "keywords": {"kk": keywords},
        },
        title=title,
        header="Абай атындағы ҚазҰПУ Хабаршысы. «Заң ғылымдары» сериясы, №2 (44), 2016\nISSN 1728-5496",
        header_left="Серікбаева А.Т., Ахметов Б.С. Мемлекеттік қызметшілердің тәртіптік жауапкершілігі",
        page_number_at="outside",
        first_label=45,
        title_on_body_page=True,
        page=("21cm", "29.7cm"),
        font_size=11,
    )


SAMPLES = {
    "kk-abstract": abstract_kk,
    "ru-abstract": abstract_ru,
    "kk-article": article_kk,
    "kk-typed-hyphens": typed_hyphens_kk,
    "ru-article-word": article_ru_word,
    "kk-web-chromium": web_article_kk,
    "ru-dissertation": dissertation_ru,
    "kk-journal": journal_kk,
}
