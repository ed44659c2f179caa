"""modules/WELCOME.ipynb: the participants' first notebook, generated from the catalogue by `aitrain release`.

It explains how to use the course, how feedback and hints work and how to submit, links to every module in
order and carries the glossary. Being generated, it stays in step with the modules; `aitrain release --check`
reports it when it drifts. Each edition has its own (modules/<edition>/WELCOME.ipynb): the fixed cells translated
through po/<language>/WELCOME.po, the list of modules and the glossary in the edition's language. A few fixed
cells differ by path, tagged like a module's (aitrain.base.path_cells): the policy path's reader decides and
writes no code, so its welcome, its tour of a notebook and its feedback speak of decisions.
"""

import hashlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from aitrain.base.catalogue import Module
from aitrain.base.data_files import glossary
from aitrain.base.edition import CODED, POLICY, SOURCE, Edition
from aitrain.base.path_cells import on
from aitrain.i18n import _
from aitrain.tooling import catalogues, translated

NAME = "WELCOME.ipynb"

INTRO = """# Welcome to aitrain: AI for public services

This course shows, with your own hands, what artificial intelligence can and cannot do for public services,
and how to govern it. Every module tells the story of a (fictional) ministry facing a real problem: choosing
who receives a cash transfer, mapping poverty, routing citizens' letters, spotting fraud, sharing data safely.

**You do not need to have written code before.** Each step is short; you change one to five lines at a time,
and the notebook tells you at once whether you are on the right track. Everything runs on your laptop,
without the internet. The data are synthetic: they look like real surveys but describe no real person."""

INTRO_POLICY = """# Welcome to aitrain: AI for public services

This course shows, with real figures, what artificial intelligence can and cannot do for public services,
and how to govern it. Every module tells the story of a (fictional) ministry facing a real problem: choosing
who receives a cash transfer, mapping poverty, routing citizens' letters, spotting fraud, sharing data safely.

**You will not write code.** The notebooks compute and draw for you; you read their tables and charts and
take the decisions an official takes: a budget, a threshold, a weight, one of several options. After each
decision the notebook shows what it means: who is left out, what it costs, who bears the errors.
Everything runs on your laptop, without the internet. The data are synthetic: they look like real surveys
but describe no real person."""

NOTEBOOKS_POLICY = """## How a notebook works, when you decide

A notebook is a page made of **cells**. Text cells, like this one, explain. The computations sit in cells
whose code is folded away (a thin bar or three dots in their place): you run them and read what they show.
Click in a cell and press **Shift + Enter** to run it; its result appears below it, and the next cell is
selected.

- Run the cells **from top to bottom**: later cells use what earlier cells computed. Menu **Run → Run All
  Cells** runs them all at once.
- `[*]` beside a cell means it is still running; a number such as `[3]` means it has finished.
- Curious about the computation? Click the bar to the left of a folded cell to open it; you never need to.
- Stuck, or results look strange? Menu **Kernel → Restart Kernel and Run All Cells…** starts again cleanly.
- Your work is saved in this folder (**Ctrl + S** saves now; JupyterLab also saves by itself).

Try it: run the cell below."""

NOTEBOOKS = """## How a notebook works

A notebook is a page made of **cells**. Text cells, like this one, explain. **Code cells** hold Python
instructions; click in one and press **Shift + Enter** to run it. Its result appears below it, and the
next cell is selected.

- Run the cells **from top to bottom**: later cells use what earlier cells computed.
- `[*]` beside a cell means it is still running; a number such as `[3]` means it has finished.
- Stuck, or results look strange? Menu **Kernel → Restart Kernel and Run All Cells…** starts again cleanly.
- Your work is saved in this folder (**Ctrl + S** saves now; JupyterLab also saves by itself).

Try it: run the cell below."""

FIRST_CODE = """households = 1200  # a number stored under a name
print("Households in the district:", households)"""

FEEDBACK = """## How exercises, feedback and hints work

Cells marked **✏️ Exercise** are yours: replace `...` or the line `# ✏️ Your code here` with your code
and run the cell. Then run the **check** cell just below it. It answers:

- ✓ **Correct**, with a sentence on what the result means; or
- ✗ **Not yet**, with *what* is wrong and a 💡 **hint** towards the right answer.

The check never shows the answer itself, so try as often as you like. For hints, run
`ex.<exercise name>.hint()` (each module names its exercises); `hint(2)` gives the next, more precise step.

If your own cell stops with an error, a box ⚠️ **What went wrong** explains it in plain words and says what
to try (a misspelt column name, a cell not run yet, `=` where `==` was meant...). The full technical message
is folded under **Technical details**, for you or your trainer. A cell marked ⏸ is waiting for an earlier
exercise: finish that one first, then run the cell again.

**Written reflections.** Some exercises ask you to answer in your own words. Double-click the text cell
marked for your answer, type your answer over the placeholder text, then press **Shift + Enter** to show it
as text. Your trainer marks these.

Try a practice exercise now (it does not count). First run this cell, which loads the practice check:"""

FEEDBACK_POLICY = """## How decisions, feedback and hints work

Cells marked **✏️ Exercise** ask you for a decision. Each holds a line or two such as
`budget_percent = ...`: read the chart or table above it, replace the `...` after the `=` sign with your value
(a number such as `23`, or one of the options named in the question, in quotes: `"current budget"`) and run
the cell. Then run the **check** cell just below it. It answers:

- ✓ **Correct**, with a sentence on what the result means; or
- ✗ **Not yet**, with *what* is off (the other line of the chart, a share where a percentage was meant...)
  and a 💡 **hint** towards a better reading.

The check never gives the answer, so try as often as you like. A value read off a chart is accepted within
a small margin. After a decision the notebook shows what it means: who is left out, what it costs, who bears
the errors. Stuck? Ask your trainer, or run `ex.<exercise name>.hint()` in a new cell (each module names its
exercises); `hint(2)` gives the next, more precise step.

If a cell stops with an error, a box ⚠️ **What went wrong** explains it in plain words (often: a cell above
was not run yet, or an option lost its quotes). A cell marked ⏸ is waiting for an earlier decision: make that
one first, then run the cell again.

**Written reflections.** Most modules end with a question to answer in your own words, as you would in a
note to your minister. Double-click the text cell marked for your answer, type your answer over the
placeholder text, then press **Shift + Enter** to show it as text. Your trainer marks these.

Try a practice decision now (it does not count). First run this cell, which loads the practice check:"""

PRACTICE_SETUP = "from aitrain.exercises import welcome as ex"

PRACTICE = """✏️ **Practice exercise.** In a district of 1,200 households, 300 receive a monthly transfer. What
share of the households receives it? Store it in `share` as a number between 0 and 1. Run the cell, then
the check below it. Try a wrong answer first (for example `share = 300`) to see what feedback looks like."""

PRACTICE_CODE = "share = ...  # ✏️ replace the three dots"

PRACTICE_CHECK = "ex.practice.check()"

PRACTICE_HINT = """Stuck? Add a new cell with the **+** button at the top of the notebook (or press **B** after
clicking to the left of a cell), type `ex.practice.hint()` in it and press **Shift + Enter**."""

SUBMIT = """## Checking and handing in your work

1. **Validate.** When you have finished a module, click **Validate** in the notebook's toolbar. It runs the
   whole notebook and lists any check that is not passing yet ("Success! Your notebook passes all the
   tests." when all is well). Validating does not hand anything in; do it as often as you like.
2. **Save** (Ctrl + S).
3. **Hand in** the way your trainer tells you:
   - in the **Assignments** tab of JupyterLab (menu **Nbgrader → Assignment List**), click **Submit** beside
     the module; you may submit again, and your trainer decides which submission counts; or
   - send the notebook file itself (for example `02-proxy-means-test.ipynb`) by the course website, e-mail
     or USB stick.

Please keep the file's name, and do not delete, copy or reorder cells: the grader finds your answers by
their cells. Locked cells (the checks) cannot be edited. Your trainer grades the written reflections and
returns feedback on every exercise."""

SCREEN_WORDS = """## Words on the screen

The grading tools (nbgrader) show a few words in English whatever the language of JupyterLab:

- **Validate**: run the whole notebook and list the checks that do not pass yet. It hands nothing in.
- **Success! Your notebook passes all the tests.**: every check passes.
- **Nbgrader → Assignment List**, or the **Assignments** tab: the modules your trainer has given out.
- **Released assignments**: modules you can take; **Fetch** copies one into your folder.
- **Downloaded assignments**: modules in your folder; **Submit** hands one in.
- **Submitted assignments**: what you have handed in, with the time of each submission."""

TROUBLE = """## If something goes wrong

- **An error in red** in a cell you did not change: run the cells above it first, or restart with
  **Kernel → Restart Kernel and Run All Cells…**.
- **A message starting with ✗ Not yet** is not a crash: it is feedback on your answer. Read the hint.
- **Something else** (a missing file, a cell that never finishes): ask your trainer, who can run
  `aitrain doctor` on your laptop to find the cause."""


def _modules_section(modules: list[Module]) -> str:
    lines = ["## " + _("The modules"), "",
             _("Open the modules in this order (click a title). Each starts with its story and what you will do, "
               "and ends with its key points. Your trainer will tell you which ones your workshop covers."), ""]
    for m in modules:
        link = f"{m.slug}/{m.notebook_name}"
        lines.append("- " + _("**Module {id} · [{title}]({link})** ({minutes} minutes). {story}").format(
            id=m.id, title=m.title, link=link, minutes=m.minutes, story=m.story))
    return "\n".join(lines)


def _who_cell():
    """The cell that says whose notebooks these are: who is not known yet, with how to give the name; the text
    for a known name is kept in its metadata, for `aitrain lab` (tooling.lab.name_notebook) to fill in."""
    cell = new_markdown_cell(_(
        "**Whose notebooks are these?** Your name is not written in them yet. Open the course with "
        "`aitrain lab --name \"Your Name\"` (your name as on your trainer's list): it is then written into every "
        "notebook, and your trainer knows a file you send is yours. Otherwise put your name in the name of the "
        "file you send, for example `02-proxy-means-test Aigul Nurlanova.ipynb`."))
    cell.metadata["aitrain"] = {"participant_template": _(
        "**These notebooks were copied for {participant}.** Your name is written inside each notebook, so your "
        "trainer knows a file you send is yours whatever it is called: send the module's notebook from this "
        "folder as it is (for example `02-proxy-means-test.ipynb`, by e-mail as an attachment). If this is not "
        "your name, tell your trainer before you send anything.")}
    return cell


def _glossary_section(edition: Edition) -> str:
    lines = ["## " + _("Words you will meet"), ""]
    lines += [f"- **{term}**: {definition}" for term, definition in glossary(edition)]
    return "\n".join(lines)


def static_notebook() -> nbformat.NotebookNode:
    """The WELCOME notebook's fixed cells (the ones translated through po/<language>/WELCOME.po), with the ids
    its catalogues are keyed by."""
    nb = new_notebook()
    nb.metadata = {
        "aitrain": {"welcome": True},
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nb.cells = [new_markdown_cell(INTRO), new_markdown_cell(INTRO_POLICY), new_markdown_cell(NOTEBOOKS),
                new_markdown_cell(NOTEBOOKS_POLICY), new_code_cell(FIRST_CODE), new_markdown_cell(FEEDBACK),
                new_markdown_cell(FEEDBACK_POLICY), new_code_cell(PRACTICE_SETUP), new_markdown_cell(PRACTICE),
                new_code_cell(PRACTICE_CODE), new_code_cell(PRACTICE_CHECK), new_markdown_cell(PRACTICE_HINT),
                new_markdown_cell(SUBMIT), new_markdown_cell(SCREEN_WORDS), new_markdown_cell(TROUBLE)]
    paths = {INTRO: CODED, NOTEBOOKS: CODED, FEEDBACK: CODED,
             INTRO_POLICY: POLICY, NOTEBOOKS_POLICY: POLICY, FEEDBACK_POLICY: POLICY}  # the others: both paths
    for cell in nb.cells:
        cell["id"] = _id(cell.source[:40] + ("" if paths.get(cell.source, CODED) == CODED else POLICY))
        if cell.source in paths:
            cell.metadata["tags"] = [paths[cell.source]]
    return nb


def _on_path(nb: nbformat.NotebookNode, edition: Edition) -> nbformat.NotebookNode:
    """The cells of the edition's path, without their path tags."""
    nb.cells = [cell for cell in nb.cells if on(cell, edition)]
    for cell in nb.cells:
        cell.metadata.pop("tags", None)
    return nb


def _id(key: str) -> str:
    return hashlib.sha1(f"welcome:{key}".encode()).hexdigest()[:12]


def notebook(modules: list[Module], edition: Edition = SOURCE) -> nbformat.NotebookNode:
    """The edition's WELCOME notebook: its fixed cells, then after the words on the screen the modules (in the
    edition's language) and the glossary."""
    nb = _on_path(translated.translate(static_notebook(), catalogues.WELCOME, edition, "The WELCOME notebook"),
                  edition)
    modules = [translated.module(m.on_path(edition.path), edition) for m in modules]  # its minutes on the path
    with edition.speaking():
        generated = [new_markdown_cell(_modules_section(modules)), new_markdown_cell(_glossary_section(edition))]
        who = _who_cell()
    sources = [c.source for c in _on_path(static_notebook(), edition).cells]
    at = sources.index(SCREEN_WORDS) + 1
    nb.cells[at:at] = generated
    nb.cells.insert(sources.index(SUBMIT) + 1, who)  # right after how to hand in
    if edition.translated:  # the generated cells' own ids; the fixed ones keep those the catalogue knows
        for offset, cell in enumerate([*generated, who]):
            cell["id"] = _id(f"{edition.language}:{offset}")
    else:  # the English cells are numbered, as they were first published
        for i, cell in enumerate(nb.cells):
            cell["id"] = _id(f"{i}:{cell.source[:40]}")
    translated.mark(nb, edition)
    nbformat.validate(nb)
    return nb


def text(modules: list[Module], edition: Edition = SOURCE) -> str:
    """The exact file contents (as nbformat.write would store them)."""
    return nbformat.writes(notebook(modules, edition)) + "\n"
