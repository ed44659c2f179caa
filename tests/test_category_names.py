"""The display layer of the data's category values (aitrain.category_names): a Russian kernel shows Russian
names in tables and figures, the data keep their English values, and the English edition shows them as they are."""

import pandas as pd
import pytest

from aitrain import category_names, i18n
from aitrain.datasets import registry
from aitrain.feedback import Mistake, expect_choice, series_as_tables
from aitrain.tooling import catalogues


@pytest.fixture
def shell():
    """An IPython shell displaying HTML, as a notebook's kernel does, with the course's language restored after."""
    from IPython.testing.globalipapp import get_ipython, start_ipython

    ip = start_ipython() or get_ipython()  # None when already started
    html = ip.display_formatter.formatters["text/html"]
    enabled, before = html.enabled, i18n.language()
    html.enabled = True
    yield ip
    html.enabled = enabled
    i18n.use_language(before)


def displayed(ip, table) -> dict[str, str]:
    return ip.display_formatter.format(table)[0]


def drawn_texts(figure) -> list[str]:
    """The texts a renderer draws for the figure (what the reader sees), in order."""
    from matplotlib.backends.backend_agg import RendererAgg

    found, draw_text = [], RendererAgg.draw_text

    def record(self, gc, x, y, s, *args, **kwargs):
        found.append(s)
        return draw_text(self, gc, x, y, s, *args, **kwargs)

    RendererAgg.draw_text = record
    try:
        figure.canvas.draw()
    finally:
        RendererAgg.draw_text = draw_text
    return found


def test_a_russian_kernel_shows_tables_in_russian_and_keeps_the_data(shell):
    survey = pd.DataFrame({"household_id": ["HH1", "HH2", "HH3"], "region": ["Capital"] * 3,
                           "district": ["Alaman-1", "Alaman-2", "Gulzar-3"]})  # a district: its province, a number
    english = displayed(shell, survey)
    by_region = survey.groupby("region").size()

    i18n.use_language("ru")
    russian = displayed(shell, survey)
    assert "Столичный" in russian["text/html"] and "Capital" not in russian["text/html"]
    assert "Гульзар-3" in russian["text/plain"] and "Аламан-2" in russian["text/plain"]
    assert "household_id" in russian["text/html"] and "region" in russian["text/html"]  # column names typed
    assert list(survey["region"]) == ["Capital"] * 3 and survey.loc[2, "district"] == "Gulzar-3"
    assert "Столичный" in displayed(shell, by_region)["text/plain"]
    assert list(by_region.index) == ["Capital"]
    pivot = pd.crosstab(survey["district"], survey["region"])  # the regions as a pivot's column labels
    assert "Столичный" in displayed(shell, pivot)["text/html"]

    i18n.use_language("en")
    assert displayed(shell, survey) == english


def test_a_cell_made_of_values_is_shown_by_their_names(shell):
    heads = pd.DataFrame({"name": ["Daniyar Kurmanov", "Madina Omurova"], "note": ["Daniyar asked", "ok"]})
    i18n.use_language("ru")
    russian = displayed(shell, heads)["text/html"]
    assert "Данияр Курманов" in russian and "Мадина Омурова" in russian
    assert "Daniyar asked" in russian  # a text with other English words stays as it is
    assert list(heads["name"]) == ["Daniyar Kurmanov", "Madina Omurova"]


def test_the_assessment_and_the_eu_act_are_shown_and_accepted_in_russian(shell):
    from aitrain import impact_assessment as aia
    from aitrain import legal_landscape as law

    gaps = aia.gaps({q.id: next(iter(q.choices)) for q in aia.questions() if not q.optional})
    i18n.use_language("ru")
    russian = displayed(shell, gaps)["text/html"]
    assert "Подотчётность" in russian and "Accountability" not in russian and "SSAFE-D" in russian
    assert "08 отметки о мошенничестве" in displayed(shell, law.systems_table())["text/html"]
    answer = law.by_key({"08 отметки о мошенничестве": "высокий риск", "EU": "x"}, law.SYSTEMS)
    assert answer == {"08 fraud flags": "высокий риск", "EU": "x"}
    assert expect_choice("высокий риск", "category", law.CATEGORIES) == "high-risk"
    assert "Подотчётность" in aia.deployment_checklist("x", {q.id: next(iter(q.choices)) for q in aia.questions()
                                                               if not q.optional})
    i18n.use_language("en")
    assert "Accountability" in displayed(shell, gaps)["text/html"]


def test_a_russian_kernel_shows_what_pandas_writes_around_a_table_in_russian(shell):
    """describe()'s row names, a long table's size and a Series' last line: the library's words, in Russian."""
    survey = pd.DataFrame({"income": [float(i) for i in range(100)], "region": ["Capital"] * 100})
    summary = survey.describe()
    with pd.option_context("display.max_rows", 10):
        shown = [survey, summary, survey["income"]]
        english = [displayed(shell, item) for item in shown]
        i18n.use_language("ru")
        table, described, column = [displayed(shell, item) for item in shown]
    assert "строк: 100, столбцов: 2" in table["text/html"] and "100 rows" not in table["text/html"]
    assert "[строк: 100, столбцов: 2]" in table["text/plain"]
    for row in ("число значений", "среднее", "стандартное отклонение", "минимум", "25%", "максимум"):
        assert f"<th>{row}</th>" in described["text/html"]
    assert "<th>mean</th>" not in described["text/html"] and "<th>income</th>" in described["text/html"]
    assert column["text/plain"].splitlines()[-1] == "название: income, строк: 100, тип: float64"
    assert list(summary.index[:2]) == ["count", "mean"] and summary.loc["mean", "income"] == 49.5  # the code reads
    series_as_tables()  # as importing the exercises' checks does: a Series shown as a table, the same words
    as_table = displayed(shell, survey["income"].describe())["text/html"]
    assert "<th>среднее</th>" in as_table and "<th>mean</th>" not in as_table
    assert "Столичный" in displayed(shell, survey.set_index("income")["region"])["text/html"]
    not_a_summary = pd.Series([1, 2], index=["count", "households"])  # a table that only starts with "count"
    assert "count" in displayed(shell, not_a_summary)["text/plain"]
    i18n.use_language("en")
    with pd.option_context("display.max_rows", 10):
        assert [displayed(shell, item) for item in shown] == english
    assert "<th>mean</th>" in english[1]["text/html"] and "100 rows × 2 columns" in english[0]["text/html"]


def test_a_value_that_is_also_a_column_name_is_renamed_only_among_values(shell):
    i18n.use_language("ru")
    departments = pd.Series([0.9, 0.8], index=pd.Index(["electricity", "water"], name="department"))
    features = pd.Series([0.3, 0.2], index=["electricity", "owns_tv"])
    assert "электроснабжение" in displayed(shell, departments)["text/plain"]
    assert "electricity" in displayed(shell, features)["text/plain"]
    assert category_names.shown("electricity") == "electricity" and category_names.shown("East") == "Восточный"


def test_a_russian_kernel_draws_category_values_in_russian(shell):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    i18n.use_language("ru")
    figure, (left, right) = plt.subplots(1, 2)
    left.bar(["Capital", "East", "Zhany-1"], [1, 2, 3], label="North")
    left.legend()
    left.set_title("Capital")  # a title is the notebook's text, translated by its catalogue: a value alone too
    right.barh(["electricity", "owns_tv"], [1, 2])
    right.text(0, 0, "1 extreme")  # a label made of a value and a number
    right.text(1, 1, "crack found")  # an English phrase: ru28screen's, not a value
    russian = drawn_texts(figure)
    assert {"Столичный", "Восточный", "Жаны-1", "Северный", "1 крайняя бедность", "crack found"} <= set(russian)
    assert "electricity" in russian and "owns_tv" in russian
    assert [t.get_text() for t in left.get_xticklabels()] == ["Capital", "East", "Zhany-1"]

    i18n.use_language("en")
    english = drawn_texts(figure)
    assert {"Capital", "East", "Zhany-1", "North"} <= set(english) and "Столичный" not in english
    plt.close(figure)


def test_a_choice_among_values_accepts_the_name_the_reader_sees():
    before = i18n.language()
    try:
        i18n.use_language("ru")
        assert expect_choice("Восточный", "losing_region", ["Capital", "East"]) == "East"
        assert expect_choice("east", "losing_region", ["Capital", "East"]) == "East"
        with pytest.raises(Mistake) as raised:
            expect_choice("Юг", "losing_region", ["Capital", "East"])
        assert '"Столичный", "Восточный"' in raised.value.hint
        i18n.use_language("en")
        with pytest.raises(Mistake) as raised:
            expect_choice("Восточный", "losing_region", ["Capital", "East"])
        assert '"Capital", "East"' in raised.value.hint
    finally:
        i18n.use_language(before)


def test_translate_flags_a_value_without_a_name(monkeypatch):
    added = registry.Dataset("lakes", values=("Zorkul",))
    monkeypatch.setitem(registry.DATASETS, "lakes", added)
    template = catalogues.values_template()
    assert "Zorkul" in [e.msgid for e in template]
    problems = catalogues.check(template, catalogues.values_catalogue("ru"), "ru")
    assert [p.what for p in problems] == ["not translated yet: 'Zorkul'"]


def test_the_names_of_coded_values_are_declared():
    """poverty_levels declares the names of its coded levels (that every value has a Russian name is
    test_translations' check of every catalogue)."""
    from aitrain.poverty_classes import LEVELS

    assert set(LEVELS.values()) <= set(registry.get("poverty_levels").values)
    names = category_names.names("ru")
    assert names["Kyrgyz Republic"] == "Кыргызская Республика" and names["Capital"] == "Столичный"


def test_spellings_show_what_to_type_in_code_and_in_russian_the_name_beside_it(shell):
    from aitrain.datasets.generators.fertility import PARTICIPATING

    i18n.use_language("ru")
    russian = category_names.spellings(PARTICIPATING).data
    assert "| как писать в коде | название |" in russian
    assert '| `"Kyrgyz Republic"` | Кыргызская Республика |' in russian
    assert russian.count("\n| `") == len(PARTICIPATING)
    i18n.use_language("en")
    english = category_names.spellings(PARTICIPATING).data
    assert english.startswith('`"Armenia"`, `"Azerbaijan"`') and "|" not in english
