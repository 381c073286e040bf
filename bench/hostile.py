"""The worst queries an anonymous reader can send, for the benchmark and the tests."""

# Far beyond the query's bounds (phrase, word and word-count limits), or as much work as
# the bounds let through.
HOSTILE_QUERIES = {
    "a phrase of 999 one-letter words": '"' + "а " * 999 + '"',
    "one word of 2,000 letters": "ж" * 2000,
    "24 words of 80 letters": " ".join("жауапкершілік" * 6 + str(i) for i in range(24)),
    "200 different unknown words": " ".join(f"сөзжоқ{i}" for i in range(200)),
    "16 different common words": (
        "мемлекеттік құқық заң жауапкершілік қоғам тұлға азамат басқару қатынас жүйе заңнама "
        "ұғым билік орган норма сот"
    ),
    "16 typos": " ".join(f"жауапкершлик{i}" for i in range(16)),
    "16 short prefixes": " ".join(
        f"{start}*" for start in "мем заң құқ жау қоғ тұл аза бас қат жүй ұғы бил орг нор сот мін".split()
    ),
    "16 alternatives, nested and near": "(" * 6
    + " OR ".join('"мемлекет заң"~20' for _ in range(8))
    + ")" * 6,
}
HOSTILE_RUNS = 3
