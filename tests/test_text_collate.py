from legalkb.text.collate import DATABASE_KEY_CHARS, database_key, sort_key


def test_kazakh_letters_sort_in_alphabet_order_not_code_point_order():
    titles = ["Мемлекет", "Қазақстан", "Ұлттық", "Азамат", "Әкімшілік", "Іскерлік", "Ырым"]

    in_order = ["Азамат", "Әкімшілік", "Қазақстан", "Мемлекет", "Ұлттық", "Ырым", "Іскерлік"]
    assert sorted(titles, key=sort_key) == in_order


def test_case_does_not_change_the_order():
    assert sorted(["қазақ", "Заң", "ЖАУАП"], key=sort_key) == ["ЖАУАП", "Заң", "қазақ"]


def test_russian_sorts_as_russian_and_after_digits_and_latin():
    words = ["яблоко", "ёж", "ель", "2019", "Law"]

    assert sorted(words, key=sort_key) == ["2019", "Law", "ель", "ёж", "яблоко"]


def test_the_database_key_orders_as_the_sort_key_in_plain_ascii_letters():
    titles = [
        "Мемлекет",
        "Қазақстан",
        "Әкімшілік реформа",
        "Әкімшілік",
        "2019",
        "Law",
        "ёж",
        "Мироненко",
        "Мәсімов",
    ]
    assert sorted(titles, key=database_key) == sorted(titles, key=sort_key)
    assert all(database_key(t).isascii() and database_key(t).isalpha() for t in titles)


def test_the_database_key_is_bounded():
    assert len(database_key("ә" * 1000)) == 4 * DATABASE_KEY_CHARS
