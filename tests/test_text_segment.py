from legalkb.text.segment import find_glued_title, is_hard_wrapped, reflow, split_passages

WRAPPED = (
    "Мемлекеттің жауапкершілігі туралы мәселе құқық теориясы үшін ғана емес, көбінесе \n"
    "құқық қолдану практикасы үшін ерекше өзектілікке ие болады. \n"
    "\n"
    "Жауапкершілік институты, егер оны мемлекеттік қызметшілердің мәртебесін \n"
    "құқықтық қамтамасыз ету тұрғысынан қарайтын болса, екі жақты мақсатқа ие. \n"
)


def texts(text):
    return [p.text for p in split_passages(text)]


def test_wrapped_lines_are_joined_into_one_paragraph():
    assert texts(WRAPPED) == [
        "Мемлекеттің жауапкершілігі туралы мәселе құқық теориясы үшін ғана емес, көбінесе "
        "құқық қолдану практикасы үшін ерекше өзектілікке ие болады.",
        "Жауапкершілік институты, егер оны мемлекеттік қызметшілердің мәртебесін "
        "құқықтық қамтамасыз ету тұрғысынан қарайтын болса, екі жақты мақсатқа ие.",
    ]


def test_a_paragraph_cut_by_a_page_break_is_rejoined():
    text = (
        "Бірінші абзац аяқталды. \n\nЖоғары лауазымды тұлғаларды жазасыз қалдыру – \n\n"
        "құқықтық деп атауға ұмтылатын мемлекет.\n"
    )
    assert (
        texts(text)[1]
        == "Жоғары лауазымды тұлғаларды жазасыз қалдыру – құқықтық деп атауға ұмтылатын мемлекет."
    )


def test_a_block_followed_by_a_lowercase_block_continues():
    text = "Бірінші сөйлем. Ол аяқталды. \n\nжалғасы осында.\n"
    assert texts(text) == ["Бірінші сөйлем. Ол аяқталды. жалғасы осында."]


def test_a_word_broken_at_a_page_end_is_rejoined_with_its_hyphen():
    text = "Бұл тұлғалар, сондай-\n\nақ заң шығарушылар ретінде әрекет етеді.\n"
    assert texts(text) == ["Бұл тұлғалар, сондай-ақ заң шығарушылар ретінде әрекет етеді."]


def test_glued_sentences_are_split():
    text = "Тақырыпты таңдауды түсіндіреді.Мәселенің зерттелу деңгейі жоғары"
    assert reflow(text, 0, len(text), [text.index("Мәселенің")]) == (
        "Тақырыпты таңдауды түсіндіреді. Мәселенің зерттелу деңгейі жоғары"
    )


def test_a_glued_title_is_separated():
    text = "Тұлғаның құқық мәртебесінің негіздеріҚазіргі кезде реформа жүруде\nЕкінші сөйлем"
    assert text[: find_glued_title(text)] == "Тұлғаның құқық мәртебесінің негіздері"
    first, second = split_passages(text)[:2]
    assert first.is_heading and first.text == "Тұлғаның құқық мәртебесінің негіздері"
    assert second.text.startswith("Қазіргі кезде")


def test_a_short_lone_line_between_paragraphs_is_a_heading():
    text = (
        "Бірінші абзац аяқталды. \n\nРетроспективті жауапкершілік туралы \n\nМемлекет және құқық теориясы.\n"
    )
    passages = split_passages(text)
    assert [p.is_heading for p in passages] == [False, True, False]


def test_text_with_a_sentence_per_line_is_not_hard_wrapped():
    lines = ["Бұл өте ұзақ сөйлем " * 12 + "аяқталады"] * 10
    assert not is_hard_wrapped("\n".join(lines))
    assert is_hard_wrapped(WRAPPED * 3)


def test_without_paragraphs_sentences_are_grouped_and_never_cut():
    sentences = [
        f"Бұл {i}-сөйлем мемлекеттік қызмет туралы айтады және біраз ұзын болады " * 2 for i in range(30)
    ]
    sentences = [s.strip() for s in sentences]
    passages = split_passages("\n".join(sentences))
    assert len(passages) > 3
    joined = " ".join(p.text for p in passages)
    assert all(s in joined for s in sentences)
    assert all(p.text.startswith("Бұл ") for p in passages)


def test_a_russian_sentence_before_kazakh_text_becomes_its_own_passage():
    text = (
        "приемлемые для Казахстана и наиболее действенные правовые механизмы, выработанные в \n"
        "зарубежных государствах, а также стран семьи общего права. \n"
        " Құқықтық үстемдікті қалыптастыру құқықтық тұрғыдан алғанда барлық заңды тұлғалардың \n"
        "ұйымдастырылуы мен қызмет етуінің қағидаттарымен байланысты процесс. \n"
    )
    passages = split_passages(text)
    assert [p.language for p in passages] == ["ru", "kk"]


def test_offsets_point_at_the_passage_in_the_raw_text():
    for passage in split_passages(WRAPPED):
        assert reflow(WRAPPED, passage.start, passage.end) == passage.text


def test_without_form_feeds_passages_have_no_pages():
    assert {(p.page_start, p.page_end) for p in split_passages(WRAPPED)} == {(None, None)}


def test_a_form_feed_starts_the_next_page():
    text = "Бірінші бетте бір абзац.\n\fЕкінші бетте екінші абзац.\n"
    assert [(p.page_start, p.page_end) for p in split_passages(text)] == [(1, 1), (2, 2)]


def test_a_form_feed_ends_a_block_as_a_blank_line_does():
    text = "Бірінші бетте бір абзац.\fЕкінші бетте екінші абзац.\n"
    assert texts(text) == ["Бірінші бетте бір абзац.", "Екінші бетте екінші абзац."]


def test_a_paragraph_cut_by_a_page_break_is_one_passage_over_two_pages():
    text = (
        "Бірінші абзац аяқталды.\n\nЖоғары лауазымды тұлғаларды жазасыз қалдыру –\n\f"
        "құқықтық деп атауға ұмтылатын мемлекет.\n"
    )
    second = split_passages(text)[1]
    assert second.text.endswith("жазасыз қалдыру – құқықтық деп атауға ұмтылатын мемлекет.")
    assert (second.page_start, second.page_end) == (1, 2)


def test_a_word_hyphenated_across_a_page_break_is_rejoined():
    assert texts("Бұл тұлғалар, сондай-\fақ заң шығарушылар ретінде әрекет етеді.\n") == [
        "Бұл тұлғалар, сондай-ақ заң шығарушылар ретінде әрекет етеді."
    ]


def test_blank_pages_are_counted():
    passages = split_passages("\f\fҮшінші бетте ғана мәтін бар.")
    assert [(p.page_start, p.page_end) for p in passages] == [(3, 3)]


def test_a_passage_whose_words_do_not_tell_has_no_language_here():
    assert [p.language for p in split_passages("Бірінші абзац осында.\n\n2007\n\nЕкінші абзац.\n")] == [
        "kk",
        None,
        "kk",
    ]
