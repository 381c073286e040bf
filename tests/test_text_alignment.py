"""Which passages of a corrected file continue which old ones (legalkb.text.alignment)."""

from legalkb.text.alignment import align, successors

OLD = [
    "Кіріспе",
    "Заңдылық қағидаты мемлекеттік биліктің негізі болып табылады.",
    "Бұл абзац түзетілген файлда жоқ.",
    "Қорытынды сөз.",
]


def test_the_same_texts_pair_in_order():
    assert align(OLD, OLD) == [(0, 0), (1, 1), (2, 2), (3, 3)]


def test_an_edited_passage_pairs_with_its_old_text():
    new = [OLD[0], "Заңдылық қағидаты мемлекеттік биліктің басты негізі болып табылады.", OLD[2], OLD[3]]
    assert align(OLD, new) == [(0, 0), (1, 1), (2, 2), (3, 3)]


def test_a_passage_gone_and_a_passage_added_are_told_apart():
    new = [OLD[0], OLD[1], "Жаңа абзац мүлде басқа туралы жазылған.", OLD[3]]
    assert sorted(align(OLD, new), key=str) == sorted([(0, 0), (1, 1), (2, None), (None, 2), (3, 3)], key=str)


def test_a_passage_split_in_two_continues_in_the_half_most_like_it():
    new = [OLD[0], "Заңдылық қағидаты", "мемлекеттік биліктің негізі болып табылады.", OLD[2], OLD[3]]
    assert align(OLD, new) == [(0, 0), (None, 1), (1, 2), (2, 3), (3, 4)]


def test_a_removed_passage_is_succeeded_by_the_next_new_one():
    new = [OLD[0], OLD[1], OLD[3]]
    pairs = align(OLD, new)
    assert (2, None) in pairs
    assert successors(pairs, len(new)) == {2: 2}


def test_a_removed_last_passage_is_succeeded_by_the_last_new_one():
    new = OLD[:3]
    assert successors(align(OLD, new), len(new)) == {3: 2}
