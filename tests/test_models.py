"""What the models derive: a passage's section path from its source's outline, and the pages
cited of a passage."""

from types import SimpleNamespace

from legalkb.models import Passage, section_path


def heading(position, level, text):
    return SimpleNamespace(position=position, level=level, text=text)


OUTLINE = [
    heading(1, 1, "1-тарау"),
    heading(2, 2, "1.1"),
    heading(5, 2, "1.2"),
    heading(9, 1, "2-тарау"),
    heading(12, 3, "2.0.1"),
]


def texts(path):
    return [h.text for h in path]


def test_a_passage_stands_under_the_last_heading_of_each_level_above_it():
    assert texts(section_path(OUTLINE, 7)) == ["1-тарау", "1.2"]


def test_a_chapter_closes_the_sections_of_the_chapter_before():
    assert texts(section_path(OUTLINE, 10)) == ["2-тарау"]


def test_a_heading_stands_under_the_headings_above_it_not_under_itself():
    assert texts(section_path(OUTLINE, 5)) == ["1-тарау", "1.1"]


def test_a_skipped_level_leaves_no_gap_in_the_path():
    assert texts(section_path(OUTLINE, 13)) == ["2-тарау", "2.0.1"]


def test_a_passage_before_any_heading_has_no_section():
    assert section_path(OUTLINE[1:], 1) == []


def test_the_printed_pages_are_cited_when_known():
    passage = Passage(page_start=2, page_end=3, label_start="112", label_end="113")
    assert passage.printed_pages == ("112", "113")


def test_the_pages_counted_in_the_file_are_cited_when_none_is_printed():
    assert Passage(page_start=2, page_end=3).printed_pages == (2, 3)
