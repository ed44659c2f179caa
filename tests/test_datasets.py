"""The data sets: committed files match their generators, cards exist, and the loader explains problems."""

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

from aitrain import datasets
from aitrain.datasets.generators.fertility import PARTICIPATING
from aitrain.datasets.registry import ZIP_TIME, to_npz_bytes
from aitrain.errors import AitrainError


def test_committed_files_match_generators():
    bad = [o for o in datasets.check() if not o.ok]
    assert bad == [], "run 'aitrain datasets build' and write the missing data cards"


@pytest.mark.parametrize("name", [n for n, d in datasets.DATASETS.items() if d.generate])
def test_generators_are_deterministic(name):
    dataset = datasets.DATASETS[name]
    assert dataset.encode(dataset.generate()) == dataset.encode(dataset.generate())


@pytest.mark.parametrize("name", list(datasets.DATASETS))
def test_card_describes_the_data(name):
    card = datasets.get(name).card.read_text(encoding="utf-8")
    data = datasets.load(name)
    for column in data.columns if isinstance(data, pd.DataFrame) else data:
        assert f"`{column}`" in card, f"the data card of {name} does not describe column {column}"


def test_load_from_any_folder(elsewhere):
    assert isinstance(datasets.load("household_survey"), pd.DataFrame)


def test_unknown_name_lists_the_data_sets():
    with pytest.raises(AitrainError, match="household_survey"):
        datasets.load("househld_survey")


def test_missing_file_says_how_to_rebuild(tmp_path, monkeypatch):
    monkeypatch.setenv("AITRAIN_DATASETS", str(tmp_path))
    with pytest.raises(AitrainError, match="aitrain datasets build"):
        datasets.load("household_survey")


def test_build_restores_a_deleted_file(tmp_path, monkeypatch):
    monkeypatch.setenv("AITRAIN_DATASETS", str(tmp_path))
    assert [o.status for o in datasets.build(["household_survey"])] == ["written"]
    assert [o.status for o in datasets.build(["household_survey"])] == ["unchanged"]


def test_a_file_is_parsed_once_and_each_load_gets_its_own_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("AITRAIN_DATASETS", str(tmp_path))
    datasets.build(["districts"])
    first = datasets.load("districts")
    first.iloc[0, 0] = "changed"  # what a notebook does to its table ...
    second = datasets.load("districts")
    assert second.iloc[0, 0] != "changed"  # ... does not reach the next load
    pd.testing.assert_frame_equal(second, pd.read_csv(tmp_path / "districts.csv"), check_exact=True)
    path = tmp_path / "districts.csv"
    table = pd.read_csv(path).head(3)
    table.to_csv(path, index=False)  # the file changes: read again
    assert len(datasets.load("districts")) == 3


def test_fertility_covers_the_participating_countries():
    fertility = datasets.load("fertility")
    assert set(PARTICIPATING) <= set(fertility["country"])
    assert fertility["fertility_rate"].notna().all() and fertility["year"].between(1960, 2013).all()


def test_fertility_is_read_as_statsmodels_loads_it():
    """The shipped CSV, read without importing statsmodels, is exactly statsmodels' own table."""
    from statsmodels.datasets import fertility

    from aitrain.datasets.generators.fertility import _wide

    pd.testing.assert_frame_equal(_wide(), fertility.load_pandas().data, check_exact=True)


def test_household_survey_schema():
    survey = datasets.load("household_survey")
    assert 5500 <= len(survey) <= 6500
    assert survey["province"].nunique() == 25
    assert survey["poor"].dtype == bool and survey["consumption_pc"].gt(0).all()


# Arrays stored as .npz (for example image patches).


def test_npz_bytes_are_reproducible_and_load_back():
    arrays = {"images": np.arange(24, dtype=np.uint8).reshape(2, 3, 4), "names": np.array(["a", "bc"])}
    data = to_npz_bytes(arrays)
    assert data == to_npz_bytes({k: v.copy() for k, v in arrays.items()})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert [i.filename for i in archive.infolist()] == ["images.npy", "names.npy"]
        assert all(i.date_time == ZIP_TIME for i in archive.infolist())
    with np.load(io.BytesIO(data), allow_pickle=False) as loaded:
        for key, array in arrays.items():
            assert loaded[key].dtype == array.dtype and np.array_equal(loaded[key], array)


def test_npz_bytes_change_with_the_data():
    assert to_npz_bytes({"a": np.zeros(3)}) != to_npz_bytes({"a": np.ones(3)})
    assert to_npz_bytes({"a": np.zeros(3)}) != to_npz_bytes({"b": np.zeros(3)})


def test_npz_dataset_builds_checks_and_loads(tmp_path, monkeypatch):
    monkeypatch.setenv("AITRAIN_DATASETS", str(tmp_path))
    assert datasets.get("road_patches").format == "npz"
    assert [o.status for o in datasets.build(["road_patches"])] == ["written"]
    assert [o.status for o in datasets.build(["road_patches"])] == ["unchanged"]
    (tmp_path / "road_patches.md").write_text("card")
    assert [o.status for o in datasets.check(["road_patches"])] == ["matches"]
    loaded = datasets.load("road_patches")
    assert isinstance(loaded, dict) and loaded["train_images"].dtype == np.uint8
    path = tmp_path / "road_patches.npz"
    path.write_bytes(path.read_bytes()[:-1] + b"x")
    assert [o.status for o in datasets.check(["road_patches"])] == ["differs"]


def test_road_patches_schema():
    patches = datasets.load("road_patches")
    assert list(patches["class_names"]) == ["intact", "crack", "pothole"]
    for split in ("train", "test", "shifted"):
        images, labels = patches[f"{split}_images"], patches[f"{split}_labels"]
        assert images.shape[1:] == (32, 32) and images.dtype == np.uint8 and len(images) == len(labels)
        assert np.bincount(labels).min() == np.bincount(labels).max()  # balanced classes


def test_the_russian_requests_have_the_english_labels_and_russian_texts():
    english, russian = datasets.load("citizen_requests"), datasets.load("citizen_requests_ru")
    assert russian.drop(columns="text").equals(english.drop(columns="text")), "the same requests, labels first"
    assert russian["text"].str.contains("[а-яё]", case=False).all() and not english["text"].str.contains("[а-яё]").any()
    local = russian["text"].str.contains("[әөүңқғұі]|жардам|көмөк", case=False)  # Kazakh and Kyrgyz words
    sms = russian["channel"] == "SMS"
    assert local[sms].mean() > local[~sms].mean() > 0.1, "local words, most of all by SMS"
    shortened = russian["text"].str.contains(r"\b(?:пж|пжл|плз|спс|щас)\b")
    assert shortened[sms].mean() > 0.1 > shortened[~sms].mean(), "chat shortenings, in SMS"


def test_a_kernel_speaking_russian_loads_the_russian_edition():
    from aitrain.i18n import language, use_language

    before = language()
    try:
        use_language("ru")
        assert datasets.load("citizen_requests")["text"].equals(datasets.load("citizen_requests_ru")["text"])
        assert isinstance(datasets.load("household_survey"), pd.DataFrame), "a data set with one edition is unchanged"
    finally:
        use_language(before)
    assert not datasets.load("citizen_requests")["text"].str.contains("[а-я]").any()


def test_a_result_cached_per_language_is_computed_again_in_the_other_language():
    from aitrain.i18n import cache_per_language, language, use_language

    calls = []

    @cache_per_language
    def texts(seed):  # what the exercises' helpers do: load the data set (its edition) and compute
        calls.append(seed)
        return datasets.load("citizen_requests")["text"].iloc[seed]

    before = language()
    try:
        english = texts(0)
        use_language("ru")
        russian = texts(0)
        assert texts(0) == russian != english and calls == [0, 0]
    finally:
        use_language(before)
    assert texts(0) == english and calls == [0, 0]


def test_the_russian_rulebook_has_the_english_citations_and_russian_texts():
    english, russian = datasets.load("benefit_rulebook"), datasets.load("benefit_rulebook_ru")
    same = ["passage_id", "question_type"]
    assert russian[same].equals(english[same]), "the same passages, in the same order"
    for column in ["programme", "heading", "text"]:
        assert russian[column].str.contains("[а-яё]", case=False).all(), column
        assert not russian[column].str.contains(r"\b(?:the|of|and)\b").any(), f"English words in {column}"
    assert russian["text"].str.contains(r"\b3 дня\b").any() and not russian["text"].str.contains(r"\b3 дней\b").any()
    # Amounts and days are the English rules' numbers.
    in_english = english["text"].str.replace(",", "").str.findall(r"\d+").map(sorted)
    in_russian = russian["text"].str.replace(r"(\d) (\d)", r"\1\2", regex=True).str.findall(r"\d+").map(sorted)
    assert (in_english != in_russian).sum() <= 1  # CHB-7.3 says «3 лет» for "third birthday"


def test_a_russian_kernel_loads_module_16s_russian_data():
    from aitrain.i18n import language, use_language

    before = language()
    try:
        use_language("ru")
        for name in ("benefit_rulebook", "citizen_questions", "assistant_evaluation"):
            assert datasets.load(name).equals(datasets.load(f"{name}_ru")), name
    finally:
        use_language(before)
    assert datasets.load("benefit_rulebook")["text"].equals(datasets.get("benefit_rulebook").generate()["text"])


def test_the_russian_questions_ask_about_the_same_passages_in_russian():
    english, russian = datasets.load("citizen_questions"), datasets.load("citizen_questions_ru")
    labels = ["question_id", "channel", "question_type", "passage_id"]
    assert russian[labels].equals(english[labels]), "the same passages and channels, drawn before the text"
    assert russian["text"].str.contains("[а-яё]", case=False).all() and not russian["text"].str.contains("[a-z]").any()
    named = russian["name"] != ""
    assert russian.loc[named].apply(lambda row: row["name"] in row["text"], axis=1).all()
    assert russian["name"].str.contains(r"(?:ович|овна|уулу|кызы)$", case=False).mean() > 0.1, "patronymics"
    sms = russian["channel"] == "SMS"
    shortened = russian["text"].str.contains(r"\b(?:пж|плз|спс|скок|щас|када)\b")
    assert shortened[sms].mean() > 0.1 > shortened[~sms].mean()


def test_the_russian_evaluation_set_has_the_english_mix_with_russian_as_the_main_language():
    english, russian = datasets.load("assistant_evaluation"), datasets.load("assistant_evaluation_ru")
    swap = {"English": "Russian", "Russian": "Kyrgyz"}
    mix = english.groupby(["kind", english["language"].replace(swap)]).size()
    assert russian.groupby(["kind", "language"]).size().equals(mix), "Russian takes English's counts, Kyrgyz Russian's"
    expected = english.drop_duplicates("kind").set_index("kind")["expected"]
    assert (russian["expected"] == russian["kind"].map(expected)).all()
    book = set(datasets.load("benefit_rulebook_ru")["passage_id"])
    assert russian["passage_id"].str.split(";").explode().replace("", None).dropna().isin(book).all()
    by_language = russian.groupby("language")["text"]
    assert by_language.apply(lambda t: t.str.contains("[а-яё]", case=False).all()).all()
    assert not russian["text"].str.contains("[a-z]", case=False).any(), "every question in Cyrillic, Uzbek too"
    assert by_language.get_group("Kyrgyz").str.contains("[өүң]").mean() > 0.5, "Kyrgyz letters"
