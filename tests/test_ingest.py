import pytest
from conftest import ABSTRACT
from django.core.management import CommandError, call_command
from django.utils import translation
from test_formats import pdf_pages_bytes

from legalkb.ingest import detect_languages, error_message, import_source
from legalkb.models import Passage, PendingIndexUpdate, Source
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


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02binary", "Café".encode("latin-1")])
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


def test_a_pdf_import_stores_the_pages_of_every_passage(db):
    data = pdf_pages_bytes(
        ["Заңдылық қағидаты туралы бірінші абзац."],
        ["Екінші абзац мемлекеттің жауапкершілігі туралы", "жазылған және"],
        ["келесі бетте аяқталады."],
    )
    source = import_source(data, "pages.pdf", title="Беттері бар мақала").source
    assert [(p.page_start, p.page_end) for p in source.passages.all()] == [(1, 1), (2, 3)]


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
