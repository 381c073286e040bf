from legalkb.kinds import KINDS, TAXONOMY
from legalkb.models import Author, AuthorLink, Principle, PrincipleLink, Reform, ReformLink


def test_each_kind_names_its_link_and_entry_models():
    assert [(kind.link_model, kind.entry_model) for kind in TAXONOMY] == [
        (PrincipleLink, Principle),
        (AuthorLink, Author),
        (ReformLink, Reform),
    ]


def test_a_link_knows_its_kind():
    assert [PrincipleLink().kind, AuthorLink().kind, ReformLink().kind] == list(TAXONOMY)


def test_kinds_by_name_give_their_plurals():
    assert {name: kind.plural for name, kind in KINDS.items()} == {
        "principle": "principles",
        "author": "authors",
        "reform": "reforms",
    }
