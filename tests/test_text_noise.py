"""aitrain.datasets.generators.text_noise: how the generated citizens' messages vary, reproducibly."""

import numpy as np

from aitrain.datasets.generators.text_noise import add_typos, expand, swap_words, typo, word_pattern


def test_expand_picks_one_alternative_and_keeps_or_drops_optional_parts():
    seen = {expand("no {hot|cold} water [since Monday]", np.random.default_rng(seed)) for seed in range(40)}
    assert seen == {"no hot water", "no cold water", "no hot water since Monday", "no cold water since Monday"}


def test_local_spellings_replace_whole_words_longest_first_in_any_case():
    words = {"water": ["suv"], "hot water": ["issiq suv"]}
    pattern = word_pattern(words)
    assert swap_words("No Hot water, no waterproof boots", pattern, words, 1.0, np.random.default_rng(0)) == \
        "No issiq suv, no waterproof boots"
    assert swap_words("no hot water", pattern, words, 0.0, np.random.default_rng(0)) == "no hot water"


def test_a_typo_is_one_small_edit_and_the_same_seed_gives_the_same_text():
    for seed in range(50):
        wrong = typo("pension", np.random.default_rng(seed))
        assert wrong[0] == "p" and abs(len(wrong) - len("pension")) <= 1
    text = "my pension has not been paid since the spring"
    noisy = add_typos(text, 0.5, np.random.default_rng(3))
    assert noisy != text and noisy == add_typos(text, 0.5, np.random.default_rng(3))
    assert all(n == w for n, w in zip(noisy.split(" "), text.split(" "), strict=True) if len(w) < 4), \
        "short words are kept"
