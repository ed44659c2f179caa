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
