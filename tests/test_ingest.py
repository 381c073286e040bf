import pytest
from conftest import ABSTRACT
from django.core.management import CommandError, call_command
from django.utils import translation
from hand_documents import document, file_bytes, footnote, heading, paragraph, table
from made_files import pdf_bytes

from legalkb import links
from legalkb.annotations import follow_text
from legalkb.documents.document import FrontMatter, Person
from legalkb.ingest import (
    UNTITLED_WORDS,
    detect_languages,
    error_message,
    found_record,
    import_source,
    replace_file,
    save_document,
)
from legalkb.kinds import KINDS
from legalkb.models import Annotation, Note, Passage, PendingIndexUpdate, Principle, PrincipleLink, Source
from legalkb.text.pipeline import MESSAGES, SourceFileError


def test_the_raw_text_is_kept_verbatim_with_its_checksum(corpus):
    assert corpus.abstract.raw_text == ABSTRACT.read_text(encoding="utf-8")
    assert len(corpus.abstract.checksum) == 64


def test_passages_keep_position_offsets_and_language(corpus):
    passages = list(corpus.article.passages.all())
    assert [p.position for p in passages] == list(range(1, len(passages) + 1))
    assert passages[0].language == "ru"
    assert all(p.start < p.end for p in passages)
    assert "Құқықтық" in passages[1].raw_text


def test_importing_the_same_file_again_does_nothing(corpus):
    before = Passage.objects.count()
    result = import_source(ABSTRACT.read_bytes(), "copy.txt")
    assert not result.created and result.source == corpus.abstract
    assert Passage.objects.count() == before


def test_a_changed_file_under_an_existing_title_is_refused(corpus):
    changed = ABSTRACT.read_bytes() + "\nҚосымша сөйлем.".encode()
    with pytest.raises(SourceFileError, match="already imported under the title"):
        import_source(changed, ABSTRACT.name)
    assert Source.objects.count() == 2


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02binary", "Café crème".encode("latin-1")])
def test_a_bad_file_writes_nothing(db, data):
    before = (Source.objects.count(), Passage.objects.count())
    with pytest.raises(SourceFileError):
        import_source(data, "bad.txt")
    assert (Source.objects.count(), Passage.objects.count()) == before


def test_the_command_imports_a_file_with_its_options(db, tmp_path, capsys):
    path = tmp_path / "note.txt"
    path.write_text("Заңдылық қағидаты туралы қысқа мақала.\n\nЕкінші абзац осында.\n", encoding="utf-8")
    call_command("import_source", str(path), "--title", "Қысқа мақала", "--language", "kk", "--year", "2012")
    source = Source.objects.get(title="Қысқа мақала")
    assert (source.year, source.language, source.passages.count()) == (2012, "kk", 2)
    assert "2 passages" in capsys.readouterr().out


def test_the_command_reports_a_bad_file_as_an_error(db, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="empty.txt: The file is empty"):
        call_command("import_source", str(path))


def test_the_seed_passages_have_no_pages(corpus):
    assert not Passage.objects.filter(page_start__isnull=False).exists()


def test_a_text_import_reads_form_feeds_as_page_breaks(db):
    data = "Бірінші бет осында аяқталады.\n\fЕкінші бетте басталған абзац\n\fүшінші бетте аяқталады.\n"
    source = import_source(data.encode(), "pages.txt", title="Беттері бар мәтін").source
    assert list(source.passages.values_list("page_start", "page_end")) == [(1, 1), (2, 3)]


def test_a_file_in_kz1048_is_imported_as_its_text(db):
    text = ABSTRACT.read_text(encoding="utf-8")
    source = import_source(text.encode("kz1048"), "abstract-kz1048.txt", title="KZ-1048").source
    assert source.raw_text == text


@pytest.mark.parametrize(
    "language, message",
    [
        ("kk", "Файл бос."),
        ("ru", "Файл пуст."),
        ("en", "The file is empty."),
    ],
)
def test_a_refusal_is_told_in_the_editors_language(language, message):
    with translation.override(language):
        assert error_message(SourceFileError("empty")) == message


def test_a_refusal_message_is_filled_with_its_params_in_the_editors_language():
    with translation.override("kk"):
        message = error_message(SourceFileError("pdf_too_many_pages", pages=2001, limit=2000))
    assert message == (
        "PDF файлында 2001 бет бар; 2000 беттен асатын PDF файлдарын жүктеу мүмкін емес: "
        "оны бөліктерге бөліңіз."
    )


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_refusal_is_translated(language, code):
    with translation.override(language):
        assert translation.gettext(MESSAGES[code]) != MESSAGES[code]


def test_detecting_languages_again_corrects_passages_an_editor_did_not_set(corpus):
    passage = corpus.abstract.passages.get(position=5)
    Passage.objects.filter(pk=passage.pk).update(language="ru")

    assert detect_languages(Source.objects.filter(pk=corpus.abstract.pk)) == 1

    corrected = Passage.objects.get(pk=passage.pk)
    assert (corrected.language, corrected.version) == ("kk", passage.version + 1)
    assert corrected.history.first().language == "kk"
    assert PendingIndexUpdate.objects.filter(passage_id=passage.pk).exists()


def test_detecting_languages_again_keeps_what_an_editor_set(corpus):
    passage = corpus.abstract.passages.get(position=5)
    Passage.objects.filter(pk=passage.pk).update(language="ru", language_set_by_editor=True)

    assert detect_languages(Source.objects.filter(pk=corpus.abstract.pk)) == 0

    assert Passage.objects.get(pk=passage.pk).language == "ru"


def test_the_detect_languages_command_reports_what_it_changed(corpus, capsys):
    call_command("detect_languages")
    assert capsys.readouterr().out == "Changed the language of 0 passages.\n"


# A Document's structure saved: parts, notes, front matter, the original file


def saved(document, name="article.pdf", **given):
    """The source a document becomes, its record found as an import finds it."""
    return save_document(document, file_bytes(document), name, found_record(document, **given))


def test_each_part_keeps_its_kind_level_cells_and_printed_pages(db):
    source = saved(
        document(
            heading("1-тарау. Жалпы ережелер", level=1),
            paragraph("Заңдылық қағидаты.", page_start=2, page_end=3, label_start="112", label_end="113"),
            table(("Жыл", "Заң"), ("1995", "Конституция")),
        )
    )
    stored = list(
        source.passages.values_list("kind", "level", "rows", "page_start", "label_start", "label_end")
    )
    assert stored == [
        ("heading", 1, [], None, "", ""),
        ("paragraph", 0, [], 2, "112", "113"),
        ("table", 0, [["Жыл", "Заң"], ["1995", "Конституция"]], None, "", ""),
    ]


def test_a_parts_notes_keep_their_mark_place_and_language(db):
    note = footnote("1", "Послание Президента народу Казахстана. – Астана, 2007.", offset=8)
    source = saved(document(paragraph("Заңдылық қағидаты бекітілген.", notes=(note,))))
    stored = Note.objects.get(passage__source=source)
    assert (stored.mark, stored.offset, stored.text, stored.language) == ("1", 8, note.text, "ru")


def test_the_title_page_fills_the_record_with_the_creators_in_order(db):
    front = FrontMatter(
        kind="abstract",
        title="Тұлғаның құқықтық мәртебесі",
        authors=[Person("Серікбаева", "А. Т.")],
        supervisors=[Person("Сапарғалиев", "Ғ.")],
        opponents=[Person("Ибраева", "А. С."), Person("Котов", "А. К.")],
        institution="Әл-Фараби атындағы ҚазҰУ",
        city="Алматы",
        year=2009,
        degree="candidate",
        speciality="12.00.02",
        speciality_name="Конституциялық құқық",
    )
    source = saved(document(paragraph("Зерттеудің өзектілігі."), front=front))
    record = (source.title, source.kind, source.year, source.publisher, source.city, source.degree)
    assert record == (
        "Тұлғаның құқықтық мәртебесі",
        "abstract",
        2009,
        "Әл-Фараби атындағы ҚазҰУ",
        "Алматы",
        "candidate",
    )
    assert (source.speciality, source.speciality_name) == ("12.00.02", "Конституциялық құқық")
    creators = [(c.position, c.family_name, c.role) for c in source.creators.all()]
    assert creators == [
        (1, "Серікбаева", "author"),
        (2, "Сапарғалиев", "supervisor"),
        (3, "Ибраева", "opponent"),
        (4, "Котов", "opponent"),
    ]


def test_an_articles_first_page_fills_its_journal_issue_and_pages(db):
    front = FrontMatter(
        kind="article",
        title="Мақала",
        journal="ҚазҰУ Хабаршысы",
        volume="3",
        issue="2",
        first_page=112,
        last_page=115,
    )
    source = saved(document(paragraph("Мақаланың мәтіні."), front=front))
    assert (source.container, source.volume, source.issue, source.first_page, source.last_page) == (
        "ҚазҰУ Хабаршысы",
        "3",
        "2",
        112,
        115,
    )


def test_what_the_editor_gives_overrides_the_title_page(db):
    front = FrontMatter(title="Беттегі тақырып", year=2009)
    source = saved(document(paragraph("Мәтін."), front=front), title="Редактордың тақырыбы", year=2010)
    assert (source.title, source.year) == ("Редактордың тақырыбы", 2010)


def test_without_a_title_page_the_first_heading_is_the_title(db):
    source = saved(
        document(paragraph("Алғы сөз."), heading("Кіріспе"), paragraph("Мәтін.")), name="scan_0001.pdf"
    )
    assert source.title == "Кіріспе"


def test_without_a_title_page_or_heading_the_first_words_are_the_title_never_the_file_name(db):
    text = "Мемлекеттің заңды жауапкершілігі туралы ой қозғағанда ең алдымен оның негізгі "
    text += "қағидаттарына тоқталып өту керек."
    source = saved(document(paragraph(text)), name="scan_0001.pdf")
    assert source.title == " ".join(text.split()[:UNTITLED_WORDS]) + "…"


def test_abstracts_keywords_and_references_are_kept_one_row_each_in_order(db):
    front = FrontMatter(
        abstracts={"kk": "Түйін мәтіні.", "en": "The abstract."},
        keywords={"kk": ["заңдылық", "жауапкершілік"]},
    )
    references = [
        "Сапарғалиев Ғ. Қазақстан Республикасының конституциялық құқығы. – Алматы, 2003.",
        "Назарбаев Н. Ә. Жолдау. – Астана, 2007.",
    ]
    source = saved(document(paragraph("Мәтін."), front=front, references=references))
    assert list(source.abstracts.values_list("language", "text")) == [
        ("kk", "Түйін мәтіні."),
        ("en", "The abstract."),
    ]
    assert list(source.keywords.values_list("position", "text")) == [(1, "заңдылық"), (2, "жауапкершілік")]
    assert list(source.references.values_list("position", "text")) == list(enumerate(references, start=1))


def test_the_original_file_is_kept_in_the_file_storage_named_by_its_checksum(db):
    doc = document(paragraph("Түпнұсқа файл сақталады."))
    source = saved(doc, name="Мақала.PDF")
    assert source.original.name == f"originals/{doc.checksum}.pdf"
    assert source.original.read() == file_bytes(doc)
    assert not source.original_public


def test_a_scan_is_refused_with_a_message_when_text_recognition_is_turned_off(db, settings):
    settings.OCR = False
    with pytest.raises(SourceFileError, match="text recognition is turned off on this site"):
        import_source(pdf_bytes("Scanned with CamScanner"), "scan.pdf")
    assert not Source.objects.filter(file_name="scan.pdf").exists()


# A corrected file in place of a source's

FIRST = [
    heading("Кіріспе"),
    paragraph("Заңдылық қағидаты мемлекеттік биліктің негізі болып табылады."),
    paragraph("Бұл абзац түзетілген файлда жоқ, оның сөздері жойылады."),
    paragraph("Қорытындыда автор жауапкершілік туралы ой түйеді."),
]


@pytest.fixture
def imported(db):
    return saved(document(*FIRST), title="Түзетілетін мақала")


def corrected(*parts, **fields):
    return document(*parts, **fields)


def replace(source, doc, **fields):
    record = found_record(doc, replaces=source, **fields)
    return replace_file(source, doc, file_bytes(doc), "corrected.pdf", record)


def test_passages_that_continue_keep_their_address_and_take_the_new_text(imported):
    before = list(imported.passages.values_list("pk", "text"))
    edited = paragraph("Заңдылық қағидаты мемлекеттік биліктің басты негізі болып табылады.")
    outcome = replace(imported, corrected(FIRST[0], edited, FIRST[3]))
    after = list(imported.passages.values_list("pk", "position", "text", "version"))
    assert after == [
        (before[0][0], 1, "Кіріспе", 2),
        (before[1][0], 2, edited.text, 2),
        (before[3][0], 3, FIRST[3].text, 2),
    ]
    assert (outcome.kept, outcome.added, outcome.removed) == (3, 0, 1)


def test_an_edited_passage_keeps_its_earlier_text_in_its_history(imported):
    passage = imported.passages.get(position=2)
    replace(
        imported, corrected(FIRST[0], paragraph(FIRST[1].text.replace("негізі", "басты негізі")), *FIRST[2:])
    )
    assert [h.text for h in passage.history.order_by("history_date")] == [
        FIRST[1].text,
        passage.history.first().text,
    ]
    assert passage.history.first().text != FIRST[1].text


def test_annotations_are_found_again_in_the_new_text(imported, editor):
    passage = imported.passages.get(position=2)
    annotation = Annotation.objects.create(
        passage=passage, editor=editor, note="Маңызды", quote="мемлекеттік биліктің"
    )
    follow_text(annotation, passage.text)
    annotation.save()
    outcome = replace(
        imported, corrected(FIRST[0], paragraph("Кіріспеден кейін: " + FIRST[1].text), *FIRST[2:])
    )
    annotation.refresh_from_db()
    assert annotation.passage == passage and not annotation.is_orphaned
    assert annotation.quote_start == passage.__class__.objects.get(pk=passage.pk).text.index("мемлекеттік")
    assert outcome.reanchored == 1


def test_the_annotations_of_a_removed_passage_move_to_the_passage_in_its_place_flagged(imported, editor):
    gone = imported.passages.get(position=3)
    annotation = Annotation.objects.create(
        passage=gone, editor=editor, note="Қараңыз", quote="түзетілген файлда"
    )
    outcome = replace(imported, corrected(*FIRST[:2], FIRST[3]))
    annotation.refresh_from_db()
    assert annotation.passage.text == FIRST[3].text
    assert annotation.is_orphaned and annotation.quote == "түзетілген файлда"
    assert outcome.orphaned == 1
    assert not Passage.objects.filter(pk=gone.pk).exists()


def test_new_passages_are_added_and_everything_touched_waits_for_the_index(imported):
    removed = imported.passages.get(position=3).pk
    PendingIndexUpdate.objects.all().delete()
    new = paragraph("Жаңа абзац палимпсест туралы жазылған.")
    outcome = replace(imported, corrected(*FIRST[:2], new, FIRST[3]))
    assert outcome.added == 1 and outcome.removed == 1
    waiting = set(PendingIndexUpdate.objects.values_list("passage_id", flat=True))
    assert waiting == {removed, *imported.passages.values_list("pk", flat=True)}


def test_the_new_file_brings_its_text_checksum_notes_and_references(imported):
    note = footnote("1", "Сілтеме мәтіні.", offset=7)
    doc = corrected(FIRST[0], paragraph(FIRST[1].text, notes=(note,)), references=["Жаңа әдебиет."])
    replace(imported, doc)
    stored = Source.objects.get(pk=imported.pk)
    assert (stored.raw_text, stored.checksum) == (doc.raw_text, doc.checksum)
    assert list(Note.objects.filter(passage__source=imported).values_list("text", flat=True)) == [
        "Сілтеме мәтіні."
    ]
    assert list(imported.references.values_list("text", flat=True)) == ["Жаңа әдебиет."]


def test_the_record_editors_completed_is_kept_and_only_its_blanks_filled(imported):
    Source.objects.filter(pk=imported.pk).update(year=2011, container="Редактор жазған журнал")
    imported.refresh_from_db()
    front = FrontMatter(title="Файлдағы тақырып", year=2012, issue="4")
    replace(imported, corrected(*FIRST, paragraph("Қосымша."), front=front))
    imported.refresh_from_db()
    assert (imported.title, imported.year, imported.container, imported.issue) == (
        "Түзетілетін мақала",
        2011,
        "Редактор жазған журнал",
        "4",
    )


def test_the_same_file_again_is_refused(imported):
    with pytest.raises(SourceFileError, match="was imported from this very file"):
        replace(imported, document(*FIRST))


def test_a_replacement_that_fails_midway_changes_nothing(imported, monkeypatch):
    before = list(imported.passages.values_list("pk", "position", "text", "version"))
    monkeypatch.setattr("legalkb.ingest.links.propose", lambda passages: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        replace(imported, corrected(FIRST[0], paragraph("Мүлде жаңа мәтін."), FIRST[3]))
    assert list(imported.passages.values_list("pk", "position", "text", "version")) == before
    imported.refresh_from_db()
    assert imported.checksum == document(*FIRST).checksum


def test_the_command_replaces_a_sources_file_and_says_what_became_of_the_passages(imported, tmp_path, capsys):
    path = tmp_path / "corrected.txt"
    path.write_text(
        "Кіріспе\n\nЗаңдылық қағидаты мемлекеттік биліктің негізі болып табылады.\n", encoding="utf-8"
    )
    call_command("import_source", str(path), "--replaces", imported.slug)
    out = capsys.readouterr().out
    assert f"Replaced the file of «{imported.title}»" in out
    assert imported.passages.count() == 2 and imported.file_name == "article.pdf"
    assert Source.objects.get(pk=imported.pk).file_name == "corrected.txt"


def test_the_command_refuses_to_replace_a_source_that_does_not_exist(db, tmp_path):
    path = tmp_path / "corrected.txt"
    path.write_text("Мәтін.", encoding="utf-8")
    with pytest.raises(CommandError, match="No source has the address name «no-such-source»"):
        call_command("import_source", str(path), "--replaces", "no-such-source")


def test_a_passage_that_continues_takes_the_new_readings_language_unless_an_editor_set_it(imported):
    first, second = imported.passages.filter(position__in=(2, 4))
    Passage.objects.filter(pk=first.pk).update(language="ru")
    Passage.objects.filter(pk=second.pk).update(language="ru", language_set_by_editor=True)
    replace(imported, corrected(FIRST[0], FIRST[1], paragraph("Жаңа абзац."), FIRST[3]))
    assert list(
        imported.passages.filter(pk__in=(first.pk, second.pk)).values_list("language", flat=True)
    ) == [
        "kk",
        "ru",
    ]


def test_the_links_of_a_removed_passage_go_with_it_and_are_counted(imported, editor):
    gone = imported.passages.get(position=3)
    links.link(Passage.objects.filter(pk=gone.pk), KINDS["principle"], Principle.objects.first(), editor)
    outcome = replace(imported, corrected(*FIRST[:2], FIRST[3]))
    assert outcome.links_removed == 1
    assert not PrincipleLink.objects.filter(passage_id=gone.pk).exists()
