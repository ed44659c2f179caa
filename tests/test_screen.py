"""The count of English on a translated participant's screen (aitrain.tooling.screen): what it reads from an
executed notebook's outputs, what it leaves aside, and the figures' texts recorded by the kernel
(aitrain.figure_texts). The count on the real notebooks is checked on the executions of test_notebooks_run.py."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
from nbformat.v4 import new_code_cell, new_notebook, new_output  # noqa: E402

from aitrain.figure_texts import METADATA_KEY, figure_texts  # noqa: E402
from aitrain.tooling import screen  # noqa: E402


def _notebook(*cells):
    return nbformat.from_dict(new_notebook(cells=list(cells)))


def _cell(cell_id, outputs, nbgrader=None):
    cell = new_code_cell("x", id=cell_id)
    cell.outputs = outputs
    if nbgrader:
        cell.metadata["nbgrader"] = nbgrader
    return cell


def test_tables_count_index_and_values_not_column_headers():
    table = pd.DataFrame({"region": ["Capital", "Север"], "rate": [0.1, 0.2]},
                         index=pd.Index(["first", "второй"], name="rank")).to_html()
    found = screen.output_texts(new_output("execute_result", data={"text/html": table, "text/plain": "t"}))
    texts = {s.text for s in found}
    assert {s.kind for s in found} == {screen.TABLE}
    assert {"Capital", "first", "второй", "0.1"} <= texts
    assert not {"region", "rate", "rank"} & texts  # the header rows


def test_printed_lines_and_plain_results_only_when_nothing_richer_is_shown():
    stream = screen.output_texts(new_output("stream", text="Точность: 0.9\nName: share, dtype: float64\n"))
    assert [s.text for s in stream] == ["Точность: 0.9", "Name: share, dtype: float64"]
    figure = new_output("display_data", data={"image/png": "", "text/plain": "<Figure size 630x360>"},
                        metadata={METADATA_KEY: ["Доля бедных", "Capital"]})
    assert [(s.kind, s.text) for s in screen.output_texts(figure)] == [(screen.FIGURE, "Доля бедных"),
                                                                       (screen.FIGURE, "Capital")]


def test_english_words_leave_allowed_names_single_letters_and_tex_aside():
    allowed = {"kWh", "TF-IDF", "ID"}
    assert screen.english_words("Потребление, kWh", allowed) == []
    assert screen.english_words("$\\hat{y} = a x + b$, R²", allowed) == []
    assert screen.english_words("TF-IDF и ID района", allowed) == []
    assert screen.english_words("бедные региона Capital", allowed) == ["Capital"]
    assert screen.english_words("dtype: float64", allowed) == ["dtype", "float64"]
    assert screen.english_words("household_size, owns_fridge[T.True]", allowed) == ["True"]
    assert screen.english_words("HH00001, PC1", allowed) == []
    assert screen.english_words("Размер одинаков. (CHB-3.1), (FCT-7.3, MAT-4.3)", allowed) == []  # rules' codes
    assert screen.english_words("Child-3 Benefit-3.1, COVID-19", allowed) == ["Child-3", "Benefit-3"]
    assert screen.english_words("уровень III, уровни II и IV", allowed) == []  # Roman numerals
    assert screen.english_words("| `current` | текущий балл | 36.0 |", allowed) == []  # a name in code font
    assert screen.english_words("Level III, current score", allowed) == ["Level", "current", "score"]


def test_only_the_participants_cells_are_counted_and_check_cells_aside():
    printed = [new_output("stream", text="Direct estimates\n")]
    executed = _notebook(_cell("shown", printed), _cell("check", printed[:0] + [new_output("stream", text="Correct\n")],
                                                        {"grade": True, "solution": False}),
                         _cell("hidden", [new_output("stream", text="Trainer only\n")]))
    participant = _notebook(new_code_cell("x", id="shown"), new_code_cell("x", id="check"))
    found = screen.english_on_screen(executed, participant, allowed=set())
    assert [s.text for s in found] == ["Direct estimates"]


def test_a_figure_records_titles_tick_category_and_legend_texts():
    fig, ax = plt.subplots()
    ax.bar(["Capital", "Север"], [1, 2], label="poor share")
    ax.set_title("Direct estimates")
    ax.legend()
    texts = figure_texts(fig)
    plt.close(fig)
    assert {"Capital", "Север", "poor share", "Direct estimates"} <= set(texts)
    assert "" not in texts and len(texts) == len(set(texts))
    fig, (image, plot) = plt.subplots(1, 2)
    image.imshow([[0, 1], [1, 0]])
    image.set_xlabel("not drawn")
    image.axis("off")
    image.set_title("Patch")
    plot.plot([0, 1], [0, 1])
    texts = figure_texts(fig)
    plt.close(fig)
    assert "Patch" in texts and "not drawn" not in texts and "0.0" in texts


def test_a_series_is_shown_as_a_table_in_a_translated_notebook():
    from aitrain import i18n
    from aitrain.feedback.display import series_html

    shares = pd.Series([0.25, 0.5], index=pd.Index(["север", "юг"], name="регион"), name="доля")
    assert series_html(shares) is None  # English: pandas' own text
    try:
        i18n.use_language("ru")
        table = series_html(shares)
    finally:
        i18n.use_language("en")
    cells = screen.html_cells(table)
    assert "север" in cells and "0.25" in cells and not any("dtype" in c or "Name" in c for c in cells)
    per_village = pd.Series([16, 13], index=pd.Index(["Sary-Bulak", "Orto-Dobo"], name="village"))
    try:
        i18n.use_language("ru")
        cells = screen.html_cells(series_html(per_village))
        record = screen.html_cells(series_html(pd.Series(["wood", 3], index=["floor", "rooms"])))
    finally:
        i18n.use_language("en")
    assert "Сары-Булак" in cells and "Sary-Bulak" not in cells and list(per_village.index)[0] == "Sary-Bulak"
    assert "дерево" in record, "a value in a cell by its name too"


def test_a_numpy_number_is_shown_as_the_number_in_a_translated_notebook():
    import numpy as np
    from IPython.lib.pretty import pretty

    from aitrain import i18n
    from aitrain.feedback.display import _number_text

    class Printer:
        def __init__(self):
            self.parts = []

        def text(self, text):
            self.parts.append(text)

    english, russian = Printer(), Printer()
    _number_text(np.int64(1960), english, False)
    try:
        i18n.use_language("ru")
        _number_text(np.int64(1960), russian, False)
    finally:
        i18n.use_language("en")
    assert english.parts == [pretty(np.int64(1960))] and russian.parts == ["1960"]


def test_the_same_text_twice_counts_once_and_column_names_are_allowed():
    table = pd.DataFrame({"x": [1, 2]}, index=["Capital", "Capital"]).to_html()
    executed = _notebook(_cell("a", [new_output("execute_result", data={"text/html": table})]),
                         _cell("b", [new_output("stream", text="fertility_rate country\n")]))
    found = screen.english_on_screen(executed, executed)
    assert [s.text for s in found] == ["Capital"]
    assert {"notice", "fallback"} <= screen.allowed_words()  # module 15's question ids, typed as keys
